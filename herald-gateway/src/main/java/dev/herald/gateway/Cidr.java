package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A range of IP addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}; an
 * address without {@code /prefix} is a range of one.
 *
 * @param network the first address of the range (bits past the prefix are ignored)
 * @param prefix how many leading bits every address of the range shares with {@code network}
 */
record Cidr(InetAddress network, int prefix) {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  Cidr {
    int bits = network.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new HeraldException(
          "prefix /"
              + prefix
              + " does not fit "
              + network.getHostAddress()
              + " (0 to "
              + bits
              + ")");
    }
  }

  /**
   * Parses {@code text}.
   *
   * @throws HeraldException if it is no IP address with an optional {@code /prefix}
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!LITERAL.matcher(address).matches()) {
      throw invalid(text);
    }
    try {
      // an IP literal: getByName does no DNS look-up for it
      InetAddress network = InetAddress.getByName(address);
      if (address.indexOf(':') >= 0 && network instanceof Inet4Address) {
        network = ipv4Mapped(network); // Java reads ::ffff:a.b.c.d as IPv4; keep it IPv6
      }
      int bits = network.getAddress().length * 8;
      return new Cidr(network, slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1), 10));
    } catch (UnknownHostException | NumberFormatException e) {
      throw invalid(text);
    }
  }

  /** Whether {@code address} is in this range; an IPv4 range holds no IPv6 address, and back. */
  boolean contains(InetAddress address) {
    byte[] mine = network.getAddress();
    byte[] theirs = address.getAddress();
    if (mine.length != theirs.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (mine[i] != theirs[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (mine[full] & mask) == (theirs[full] & mask);
  }

  private static InetAddress ipv4Mapped(InetAddress ipv4) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(ipv4.getAddress(), 0, bytes, 12, 4);
    return Inet6Address.getByAddress(null, bytes, -1);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }

  private static HeraldException invalid(String text) {
    return new HeraldException(
        "'" + text + "' is not an IP range; write one as 10.0.0.0/8, fd00::/8 or 192.0.2.7");
  }
}
