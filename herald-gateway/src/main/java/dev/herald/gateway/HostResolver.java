package dev.herald.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Finds the IP addresses of a host name, for webhook deliveries. Webhooks connect only to the
 * addresses it returns, after the {@link AddressGuard} has checked them, so what it answers is what
 * is connected to. Implementations are thread-safe and may block.
 */
interface HostResolver {
  /**
   * The addresses of {@code host}, a name (never an IP literal), at least one.
   *
   * @throws UnknownHostException if it has none
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The system's resolver: {@link InetAddress#getAllByName}, with the JVM's DNS cache. */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
