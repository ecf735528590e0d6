package dev.herald.core;

import dev.herald.core.spi.Transport;
import dev.herald.core.spi.TransportProvider;

/** Opens {@code memory:} and {@code memory:?partitions=N}. */
public final class MemoryTransportProvider implements TransportProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public MemoryTransportProvider() {}

  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public String example() {
    return "memory:";
  }

  @Override
  public Transport open(String uri) {
    String rest = uri.substring("memory:".length());
    if (rest.isEmpty()) {
      return Transports.memory();
    }
    if (rest.startsWith("?partitions=")) {
      String value = rest.substring("?partitions=".length());
      try {
        int partitions = Integer.parseInt(value);
        if (partitions >= 1 && partitions <= 1024) {
          return Transports.memory(partitions);
        }
      } catch (NumberFormatException e) {
        // reported below with the accepted forms
      }
    }
    throw new HeraldException(
        "memory transport URI '" + uri + "' is not memory: or memory:?partitions=N (1 to 1024)");
  }
}
