package dev.herald.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version of this build, from {@code version.properties}, which Maven fills in. */
public final class HeraldVersion implements IVersionProvider {
  /** Used by picocli for {@code herald --version}. */
  public HeraldVersion() {}

  /** The project version, such as {@code 0.1.0}. */
  public static String current() {
    try (InputStream in = HeraldVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the herald version", e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"herald " + current()};
  }
}
