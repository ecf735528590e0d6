package dev.herald.log;

import java.nio.file.Path;
import java.time.Clock;

/** Opens log transports from code; {@code Transports.open("log:DIR")} does the same from a URI. */
public final class LogTransports {
  private LogTransports() {}

  /** A transport on {@code directory} with default settings ({@link LogSettings#of(Path)}). */
  public static LogTransport open(Path directory) {
    return open(LogSettings.of(directory));
  }

  /**
   * A transport on {@code uri}, such as {@code log:./data?partitions=8}.
   *
   * @throws dev.herald.core.HeraldException if the URI is invalid, the directory cannot be used or
   *     is damaged, or another transport owns it
   */
  public static LogTransport open(String uri) {
    return open(LogSettings.parse(uri));
  }

  /**
   * A transport with {@code settings}: takes the directory (creating it if needed), recovers every
   * topic in it and returns once it is ready.
   *
   * @throws dev.herald.core.HeraldException if the directory cannot be used or is damaged, or
   *     another transport owns it
   */
  public static LogTransport open(LogSettings settings) {
    return open(settings, Clock.systemUTC(), ChannelFactory.DEFAULT);
  }

  static LogTransport open(LogSettings settings, Clock clock, ChannelFactory channels) {
    return new FileLogTransport(new LogContext(settings, clock, channels));
  }
}
