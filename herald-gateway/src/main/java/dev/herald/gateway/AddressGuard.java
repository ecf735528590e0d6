package dev.herald.gateway;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides which IP addresses webhooks may connect to, so that a registered URL cannot make the
 * gateway reach into its own network (SSRF). It refuses loopback, private, link-local (where cloud
 * metadata services answer), shared (CGNAT), multicast, broadcast, reserved and unspecified
 * addresses. An IPv6 address that carries an IPv4 one (IPv4-mapped {@code ::ffff:0:0/96}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the IPv4 address it carries; other
 * tunnel and transition forms (IPv4-compatible, Teredo, local-use NAT64) are refused outright.
 * Ranges on the allow-list are permitted whatever they are. Immutable and thread-safe.
 */
final class AddressGuard {
  private record Refused(Cidr range, String what) {}

  private static final List<Refused> REFUSED =
      List.of(
          refused("0.0.0.0/8", "an unspecified ('this network') address"),
          refused("127.0.0.0/8", "a loopback address"),
          refused("10.0.0.0/8", "a private address"),
          refused("172.16.0.0/12", "a private address"),
          refused("192.168.0.0/16", "a private address"),
          refused("169.254.0.0/16", "a link-local address (cloud metadata services answer here)"),
          refused("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
          refused("192.0.0.0/24", "an IETF protocol assignment address"),
          refused("198.18.0.0/15", "a benchmarking address"),
          refused("224.0.0.0/4", "a multicast address"),
          refused("255.255.255.255/32", "the broadcast address"),
          refused("240.0.0.0/4", "a reserved address"),
          refused("::/128", "the unspecified address"),
          refused("::1/128", "a loopback address"),
          refused("fc00::/7", "a private (unique local) address"),
          refused("fe80::/10", "a link-local address"),
          refused("fec0::/10", "a site-local address"),
          refused("ff00::/8", "a multicast address"),
          refused("::/96", "an IPv4-compatible address"),
          refused("2001::/32", "a Teredo tunnel address"),
          refused("64:ff9b:1::/48", "a local-use NAT64 address"));

  private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private final List<Cidr> allowed;

  /** A guard that permits {@code allowed} ranges even where it would refuse them. */
  AddressGuard(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** Why webhooks may not connect to {@code address}, or empty if they may. */
  Optional<String> refusal(InetAddress address) {
    if (isAllowed(address)) {
      return Optional.empty();
    }
    Optional<InetAddress> carried = carriedIpv4(address);
    if (carried.isPresent()) {
      return refusal(carried.get())
          .map(why -> why + " (carried in " + address.getHostAddress() + ")");
    }
    for (Refused range : REFUSED) {
      if (range.range().contains(address)) {
        return Optional.of(address.getHostAddress() + " is " + range.what());
      }
    }
    return Optional.empty();
  }

  private boolean isAllowed(InetAddress address) {
    return allowed.stream().anyMatch(range -> range.contains(address));
  }

  // Java turns textual ::ffff:a.b.c.d into an Inet4Address, but one built from bytes stays IPv6.
  private static Optional<InetAddress> carriedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] bytes = address.getAddress();
    if (MAPPED.contains(address) || NAT64.contains(address)) {
      return Optional.of(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return Optional.of(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
    }
    return Optional.empty();
  }

  private static InetAddress ipv4(byte[] bytes) {
    try {
      return Inet4Address.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }

  private static Refused refused(String range, String what) {
    return new Refused(Cidr.parse(range), what);
  }
}
