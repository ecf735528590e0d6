package dev.herald.log;

import dev.herald.core.spi.Transport;
import dev.herald.core.spi.TransportProvider;

/** Opens {@code log:DIR[?settings]}; see {@link LogSettings} for the settings. */
public final class LogTransportProvider implements TransportProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public LogTransportProvider() {}

  @Override
  public String scheme() {
    return "log";
  }

  @Override
  public String example() {
    return "log:./herald-data";
  }

  @Override
  public Transport open(String uri) {
    return LogTransports.open(uri);
  }
}
