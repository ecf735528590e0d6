package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves webhook hosts and hands the HTTP client only addresses the {@link AddressGuard} permits,
 * so the check is made on the very address connected to: a DNS answer that changes after the check
 * cannot slip another address in. IP literals are parsed, never looked up. Thread-safe; resolving
 * blocks the calling thread.
 */
final class GuardedResolver implements SocketAddressResolver {
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  private final HostResolver resolver;
  private final AddressGuard guard;

  GuardedResolver(HostResolver resolver, AddressGuard guard) {
    this.resolver = resolver;
    this.guard = guard;
  }

  @Override
  public void resolve(
      String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> found) {
    List<InetSocketAddress> permitted = new ArrayList<>();
    try {
      for (InetAddress address : permitted(host)) {
        permitted.add(new InetSocketAddress(address, port));
      }
    } catch (HeraldException e) {
      found.failed(e);
      return;
    }
    found.succeeded(permitted);
  }

  /**
   * The addresses of {@code host} that webhooks may connect to, at least one.
   *
   * @throws HeraldException if it cannot be resolved, or the guard refuses every address it has
   */
  List<InetAddress> permitted(String host) {
    List<InetAddress> all = addresses(host);
    List<InetAddress> permitted = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (InetAddress address : all) {
      guard.refusal(address).ifPresentOrElse(refusals::add, () -> permitted.add(address));
    }
    if (permitted.isEmpty()) {
      throw refused(host, refusals);
    }
    return permitted;
  }

  /**
   * Checks that webhooks may connect to every address {@code host} has, as registering a URL needs.
   *
   * @throws HeraldException naming a refused address and why, or saying it cannot be resolved
   */
  void requirePermitted(String host) {
    List<String> refusals = new ArrayList<>();
    for (InetAddress address : addresses(host)) {
      guard.refusal(address).ifPresent(refusals::add);
    }
    if (!refusals.isEmpty()) {
      throw refused(host, refusals);
    }
  }

  private List<InetAddress> addresses(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      Optional<InetAddress> literal = literal(bare);
      if (literal.isPresent()) {
        return List.of(literal.get());
      }
      List<InetAddress> found = resolver.resolve(bare);
      if (found.isEmpty()) {
        throw new UnknownHostException(bare + " has no addresses");
      }
      return found;
    } catch (UnknownHostException e) {
      throw new HeraldException(
          "cannot resolve " + bare + " (" + e.getMessage() + "); check the host name in the URL",
          e);
    }
  }

  private static Optional<InetAddress> literal(String host) throws UnknownHostException {
    if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
      return Optional.of(InetAddress.getByName(host)); // a literal: no look-up
    }
    return Optional.empty();
  }

  private static HeraldException refused(String host, List<String> refusals) {
    return new HeraldException(
        "refused to connect to "
            + host
            + ": "
            + String.join("; ", refusals)
            + ". Webhooks may not reach internal networks; if this one is meant, add its range to"
            + " the gateway's webhook allow-list");
  }
}
