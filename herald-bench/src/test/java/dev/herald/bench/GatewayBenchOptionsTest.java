package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayBenchOptionsTest {
  @TempDir Path temp;

  /** The defaults with some options replaced. */
  private static GatewayBenchOptions options(
      Duration duration,
      int publishers,
      int batch,
      List<Integer> clients,
      List<Integer> rates,
      String transport,
      Optional<Path> directory) {
    return new GatewayBenchOptions(
        duration,
        1,
        publishers,
        batch,
        GatewayBenchOptions.SIDES,
        clients,
        rates,
        Duration.ofSeconds(10),
        transport,
        directory);
  }

  private static GatewayBenchOptions withClients(List<Integer> clients) {
    return options(
        Duration.ofSeconds(1), 16, 100, clients, List.of(1), "log-never", Optional.empty());
  }

  private static GatewayBenchOptions withRates(List<Integer> rates) {
    return options(
        Duration.ofSeconds(1), 16, 100, List.of(10), rates, "log-never", Optional.empty());
  }

  @Test
  void defaults_measureTheIssuesClientCountsAtOneEventASecond() {
    GatewayBenchOptions defaults = GatewayBenchOptions.defaults();

    assertThat(defaults.clients()).containsExactly(1_000, 5_000);
    assertThat(defaults.rates()).startsWith(GatewayBenchReport.TARGET_RATE);
    assertThat(defaults.sides()).containsExactly("gateway", "direct");
    assertThat(defaults.transport()).isEqualTo("log-never");
    assertThat(defaults.loads()).containsExactly(new PublishLoad(1, 16), new PublishLoad(100, 16));
    assertThat(defaults.warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.fanoutWarmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.directory()).isEmpty();
  }

  @Test
  void quick_isShortButMeasuresEveryPart() {
    GatewayBenchOptions quick = GatewayBenchOptions.quick();

    assertThat(quick.rounds()).isEqualTo(1);
    assertThat(quick.duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(quick.fanoutDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(quick.clients()).containsExactly(100, 1_000);
    assertThat(quick.sides()).isEqualTo(GatewayBenchOptions.SIDES);
  }

  @Test
  void warmups_followTheDurations() {
    assertThat(
            options(
                    Duration.ofMillis(500),
                    16,
                    100,
                    List.of(10),
                    List.of(1),
                    "memory",
                    Optional.empty())
                .warmup())
        .isEqualTo(Duration.ofMillis(250));
    GatewayBenchOptions shortFanout =
        new GatewayBenchOptions(
            Duration.ofSeconds(1),
            1,
            16,
            100,
            GatewayBenchOptions.SIDES,
            List.of(10),
            List.of(1),
            Duration.ofSeconds(2),
            "memory",
            Optional.empty());
    assertThat(shortFanout.fanoutWarmup()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void clients_outOfRangeTwiceOrNone_areRejectedWithWhatIsAccepted() {
    assertThatThrownBy(() -> withClients(List.of(1_000, 0)))
        .isInstanceOf(HeraldException.class)
        .hasMessage("client count 0 must be from 1 to 50000 SSE clients");
    assertThatThrownBy(() -> withClients(List.of(50_001)))
        .isInstanceOf(HeraldException.class)
        .hasMessage("client count 50001 must be from 1 to 50000 SSE clients");
    assertThatThrownBy(() -> withClients(List.of(1_000, 1_000)))
        .isInstanceOf(HeraldException.class)
        .hasMessage("give each client count once: [1000, 1000]");
    assertThatThrownBy(() -> withClients(List.of()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("give at least one client count");
  }

  @Test
  void clients_keepTheOrderGiven() {
    assertThat(withClients(List.of(5_000, 1_000)).clients()).containsExactly(5_000, 1_000);
  }

  @Test
  void rates_outOfRange_areRejected() {
    assertThatThrownBy(() -> withRates(List.of(0)))
        .isInstanceOf(HeraldException.class)
        .hasMessage("rate 0 must be from 1 to 100000 events a second");
    assertThatThrownBy(() -> withRates(List.of(1, 1)))
        .isInstanceOf(HeraldException.class)
        .hasMessage("give each rate once: [1, 1]");
  }

  @Test
  void publishersAndBatch_outOfRange_areRejected() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    0,
                    100,
                    List.of(10),
                    List.of(1),
                    "memory",
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("publishers must be from 1 to 1000");
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    16,
                    1,
                    List.of(10),
                    List.of(1),
                    "memory",
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("the batch must be from 2 to 10000 events");
  }

  @Test
  void durations_tooShort_areRejected() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofMillis(50),
                    16,
                    100,
                    List.of(10),
                    List.of(1),
                    "memory",
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("publish measurement must be from 100 ms to 1 hour");
    assertThatThrownBy(
            () ->
                new GatewayBenchOptions(
                    Duration.ofSeconds(1),
                    1,
                    16,
                    100,
                    GatewayBenchOptions.SIDES,
                    List.of(10),
                    List.of(1),
                    Duration.ofMillis(500),
                    "memory",
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("fan-out measurement must be from 1 s to 1 hour");
  }

  @Test
  void transport_unknown_namesTheTransports() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    16,
                    100,
                    List.of(10),
                    List.of(1),
                    "kafka",
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("'kafka' is not a transport; the transports are log-never, log-always, memory");
  }

  @Test
  void directory_withTheMemoryTransport_isRejectedAsConflicting() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    16,
                    100,
                    List.of(10),
                    List.of(1),
                    "memory",
                    Optional.of(temp)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("the transport is memory");
  }

  @Test
  void directory_missingOrOdd_isRejectedBeforeAnythingRuns() throws Exception {
    Path missing = temp.resolve("not-there");
    Path odd = Files.createDirectory(temp.resolve("what?"));

    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    16,
                    100,
                    List.of(10),
                    List.of(1),
                    "log-always",
                    Optional.of(missing)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(missing + " is not an existing directory");
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    16,
                    100,
                    List.of(10),
                    List.of(1),
                    "log-always",
                    Optional.of(odd)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("contains '?'");
  }

  @Test
  void sides_unknown_areRejectedWithTheKnownOnes() {
    assertThatThrownBy(
            () ->
                new GatewayBenchOptions(
                    Duration.ofSeconds(1),
                    1,
                    16,
                    100,
                    List.of("gateway", "nginx"),
                    List.of(10),
                    List.of(1),
                    Duration.ofSeconds(5),
                    "memory",
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("'nginx' is not a side; the sides are gateway, direct");
  }

  @Test
  void fileDescriptors_tooFewForTheClients_sayHowToRaiseTheLimit() {
    long needed = FileDescriptors.needed(5_000, 16, 100);

    assertThat(needed).isEqualTo(10_000 + 34 + 100 + FileDescriptors.SPARE);
    assertThatThrownBy(() -> FileDescriptors.check(5_000, needed, 4_096))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("5,000 SSE clients need about 10,390 file descriptors")
        .hasMessageContaining("the limit is 4,096")
        .hasMessageContaining("ulimit -n 10390")
        .hasMessageContaining("or give fewer --clients");
    FileDescriptors.check(5_000, needed, needed); // enough: no complaint
  }
}
