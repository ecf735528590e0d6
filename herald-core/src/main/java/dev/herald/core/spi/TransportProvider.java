package dev.herald.core.spi;

/**
 * Opens transports for one URI scheme; found with {@link java.util.ServiceLoader}, so a module on
 * the class path adds its scheme (register it in {@code
 * META-INF/services/dev.herald.core.spi.TransportProvider}).
 */
public interface TransportProvider {
  /** The URI scheme, such as {@code memory}, {@code log} or {@code kafka}. */
  String scheme();

  /** An example URI for error messages, such as {@code log:./herald-data}. */
  String example();

  /**
   * Opens a transport for {@code uri}, which starts with this provider's scheme and a colon.
   *
   * @throws dev.herald.core.HeraldException if the URI's settings are invalid
   */
  Transport open(String uri);
}
