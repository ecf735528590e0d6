package dev.herald.core;

import dev.herald.core.spi.Transport;
import dev.herald.core.spi.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens transports from URIs such as {@code memory:}, {@code log:./herald-data} or {@code
 * kafka://localhost:9092}. Schemes come from {@link TransportProvider}s on the class path.
 */
public final class Transports {
  private Transports() {}

  /**
   * A new in-memory transport with 4 partitions per topic: deterministic, nothing survives {@code
   * close()}, and only this process sees it. For tests and examples.
   */
  public static Transport memory() {
    return new MemoryTransport(MemoryTransport.DEFAULT_PARTITIONS);
  }

  /** A new in-memory transport with {@code partitions} partitions per topic. */
  public static Transport memory(int partitions) {
    return new MemoryTransport(partitions);
  }

  /**
   * Opens the transport that {@code uri} names.
   *
   * @throws HeraldException if the scheme is unknown (the message lists the known ones) or the
   *     URI's settings are invalid
   */
  public static Transport open(String uri) {
    int colon = uri == null ? -1 : uri.indexOf(':');
    if (colon <= 0) {
      throw new HeraldException(
          "transport URI '" + uri + "' has no scheme; use one of " + examples());
    }
    String scheme = uri.substring(0, colon);
    for (TransportProvider provider : providers()) {
      if (provider.scheme().equals(scheme)) {
        return provider.open(uri);
      }
    }
    throw new HeraldException(
        "unknown transport scheme '"
            + scheme
            + "' in '"
            + uri
            + "'; use one of "
            + examples()
            + " (a scheme's module must be on the class path)");
  }

  /** The providers on the class path, in service-loader order. */
  public static List<TransportProvider> providers() {
    List<TransportProvider> found = new ArrayList<>();
    ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader())
        .forEach(found::add);
    return found;
  }

  private static String examples() {
    return providers().stream().map(TransportProvider::example).toList().toString();
  }
}
