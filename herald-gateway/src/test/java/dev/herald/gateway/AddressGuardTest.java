package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressGuardTest {
  private final AddressGuard guard = new AddressGuard(List.of());

  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1         | a loopback address",
        "127.255.0.9       | a loopback address",
        "::1               | a loopback address",
        "10.0.0.1          | a private address",
        "172.16.0.1        | a private address",
        "172.31.255.254    | a private address",
        "192.168.1.1       | a private address",
        "fc00::1           | a private (unique local) address",
        "fd12:3456::1      | a private (unique local) address",
        "169.254.169.254   | a link-local address (cloud metadata",
        "169.254.0.1       | a link-local address",
        "fe80::1           | a link-local address",
        "100.64.0.1        | a shared (carrier-grade NAT) address",
        "100.127.255.254   | a shared (carrier-grade NAT) address",
        "224.0.0.1         | a multicast address",
        "239.255.255.250   | a multicast address",
        "ff02::1           | a multicast address",
        "0.0.0.0           | an unspecified",
        "::                | the unspecified address",
        "255.255.255.255   | the broadcast address",
        "240.0.0.1         | a reserved address",
        "::ffff:127.0.0.1  | a loopback address (carried in",
        "::ffff:10.0.0.1   | a private address (carried in",
        "::ffff:169.254.169.254 | a link-local address (cloud metadata",
        "64:ff9b::a00:1    | a private address (carried in",
        "2002:7f00:1::1    | a loopback address (carried in",
        "::127.0.0.1       | an IPv4-compatible address",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2 | a Teredo tunnel address",
      })
  void refusal_namesWhatTheAddressIs(String address, String what) throws Exception {
    assertThat(guard.refusal(address(address)))
        .hasValueSatisfying(why -> assertThat(why).contains(what));
  }

  @ParameterizedTest(name = "{0} is permitted")
  @CsvSource({
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:2800:220:1:248:1893:25c8:1946",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822"
  })
  void refusal_isEmptyForPublicAddresses(String address) throws Exception {
    assertThat(guard.refusal(address(address))).isEmpty();
  }

  @Test
  void allowList_opensOnlyTheRangesItNames() throws Exception {
    AddressGuard allowing =
        new AddressGuard(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.1.0.0/16")));

    assertThat(allowing.refusal(address("127.0.0.1"))).isEmpty();
    assertThat(allowing.refusal(address("::ffff:127.0.0.1"))).isEmpty();
    assertThat(allowing.refusal(address("10.1.2.3"))).isEmpty();
    assertThat(allowing.refusal(address("10.2.0.1"))).isPresent();
    assertThat(allowing.refusal(address("169.254.169.254"))).isPresent();
    assertThat(allowing.refusal(address("::1"))).isPresent();
  }

  @Test
  void parse_refusesWhatIsNoRange() {
    assertThatThrownBy(() -> Cidr.parse("localhost"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("not an IP range");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(HeraldException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(HeraldException.class);
  }

  @Test
  void resolve_handsTheClientOnlyPermittedAddressesTheResolverAnswered() throws Exception {
    HostResolver dns = host -> List.of(address("10.0.0.7"), address("93.184.216.34"));
    GuardedResolver resolver = new GuardedResolver(dns, guard);

    List<InetSocketAddress> found = resolve(resolver, "hooks.example").join();

    assertThat(found).containsExactly(new InetSocketAddress(address("93.184.216.34"), 443));
  }

  @Test
  void resolve_failsWhenEveryAddressIsRefused_andRegistrationRefusesAnyRefusedOne()
      throws Exception {
    HostResolver dns = host -> List.of(address("10.0.0.7"), address("93.184.216.34"));
    GuardedResolver resolver = new GuardedResolver(dns, guard);
    GuardedResolver metadata =
        new GuardedResolver(host -> List.of(address("169.254.169.254")), guard);

    assertThat(resolve(metadata, "hooks.example"))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .withMessageContaining("refused to connect to hooks.example")
        .withMessageContaining("link-local");
    assertThatThrownBy(() -> resolver.requirePermitted("hooks.example"))
        .hasMessageContaining("10.0.0.7 is a private address");
    assertThatThrownBy(() -> resolver.requirePermitted("127.0.0.1"))
        .hasMessageContaining("loopback");
  }

  private static CompletableFuture<List<InetSocketAddress>> resolve(
      GuardedResolver resolver, String host) {
    CompletableFuture<List<InetSocketAddress>> found = new CompletableFuture<>();
    resolver.resolve(
        host, 443, Map.of(), Promise.from(found::complete, found::completeExceptionally));
    return found;
  }

  /** The address written, kept IPv6 where it is written IPv6 (Java makes ::ffff:a.b.c.d IPv4). */
  static InetAddress address(String text) throws java.net.UnknownHostException {
    InetAddress parsed = InetAddress.getByName(text);
    if (text.contains(":") && parsed instanceof Inet4Address) {
      byte[] bytes = new byte[16];
      bytes[10] = (byte) 0xff;
      bytes[11] = (byte) 0xff;
      System.arraycopy(parsed.getAddress(), 0, bytes, 12, 4);
      return Inet6Address.getByAddress(null, bytes, -1);
    }
    return parsed;
  }
}
