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

class LogBenchOptionsTest {
  @TempDir Path temp;

  private static LogBenchOptions options(
      List<Integer> sizes,
      int publishers,
      List<String> sides,
      Optional<Path> directory,
      Optional<String> bootstrap) {
    return BenchFixtures.logOptions(100, sizes, publishers, sides, directory, bootstrap);
  }

  private static LogBenchOptions withSides(List<String> sides) {
    return options(List.of(100), 8, sides, Optional.empty(), Optional.empty());
  }

  @Test
  void defaults_runEverySideAtTheTargetRateWithManyPublishers() {
    LogBenchOptions defaults = LogBenchOptions.defaults();

    assertThat(defaults.sides()).containsExactly("log-never", "log-always", "kafka");
    assertThat(defaults.sizes()).containsExactly(100, 1024);
    assertThat(defaults.rate()).isEqualTo(LogBenchReport.TARGET_RATE);
    assertThat(defaults.publishers()).isEqualTo(256);
    assertThat(defaults.latencyEvents()).isEqualTo(30_000);
    assertThat(defaults.directory()).isEmpty();
    assertThat(defaults.bootstrap()).isEmpty();
  }

  @Test
  void sides_anyOrder_areKeptInTheTablesOrder() {
    assertThat(withSides(List.of("kafka", "log-always", "log-never")).sides())
        .containsExactly("log-never", "log-always", "kafka");
    assertThat(withSides(List.of("log-unreported", "log-never")).sides())
        .containsExactly("log-never", "log-unreported");
    assertThat(withSides(List.of("log-always")).sides()).containsExactly("log-always");
  }

  @Test
  void sides_unknown_areRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> withSides(List.of("log-never", "log-sometimes")))
        .isInstanceOf(HeraldException.class)
        .hasMessage(
            "'log-sometimes' is not a side; the sides are log-never, log-unreported, log-always,"
                + " kafka");
  }

  @Test
  void sides_twiceOrNone_areRejected() {
    assertThatThrownBy(() -> withSides(List.of("kafka", "kafka")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("give each side once");
    assertThatThrownBy(() -> withSides(List.of()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("give the sides to run: log-never, log-unreported, log-always, kafka");
  }

  @Test
  void publishers_outOfRange_areRejected() {
    for (int publishers : new int[] {0, -1, LogBenchOptions.MAX_PUBLISHERS + 1}) {
      assertThatThrownBy(
              () ->
                  options(
                      List.of(100),
                      publishers,
                      LogBenchOptions.SIDES,
                      Optional.empty(),
                      Optional.empty()))
          .isInstanceOf(HeraldException.class)
          .hasMessage("publishers must be from 1 to 10000");
    }
  }

  @Test
  void sizes_tooSmallOrTwice_areRejected() {
    assertThatThrownBy(
            () ->
                options(
                    List.of(100, 99), 8, LogBenchOptions.SIDES, Optional.empty(), Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("event size 99 must be from 100 to 1048576");
    assertThatThrownBy(
            () ->
                options(
                    List.of(100, 100),
                    8,
                    LogBenchOptions.SIDES,
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessage("give each event size once: [100, 100]");
  }

  @Test
  void bootstrap_withoutTheKafkaSide_isRejectedAsConflicting() {
    assertThatThrownBy(
            () ->
                options(
                    List.of(100),
                    8,
                    List.of("log-never"),
                    Optional.empty(),
                    Optional.of("localhost:9092")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("the kafka side does not run");
  }

  @Test
  void directory_missing_isRejectedBeforeAnythingRuns() {
    Path missing = temp.resolve("not-there");

    assertThatThrownBy(
            () ->
                options(
                    List.of(100), 8, LogBenchOptions.SIDES, Optional.of(missing), Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(missing + " is not an existing directory");
  }

  @Test
  void directory_thatALogUriCannotCarry_isRejected() throws Exception {
    Path odd = Files.createDirectory(temp.resolve("what?"));

    assertThatThrownBy(
            () ->
                options(List.of(100), 8, LogBenchOptions.SIDES, Optional.of(odd), Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("contains '?'");
  }

  @Test
  void directory_existing_isWhereTheLogsGo() {
    assertThat(
            options(List.of(100), 8, LogBenchOptions.SIDES, Optional.of(temp), Optional.empty())
                .parentDirectory())
        .isEqualTo(temp);
  }

  @Test
  void workload_outOfRange_isRejectedWithWhatIsAccepted() {
    assertThatThrownBy(
            () ->
                new LogBenchOptions(
                    1000,
                    1,
                    0,
                    Duration.ofSeconds(1),
                    List.of(100),
                    8,
                    LogBenchOptions.SIDES,
                    Optional.empty(),
                    Optional.empty(),
                    4,
                    100,
                    1000))
        .isInstanceOf(HeraldException.class)
        .hasMessage("rate must be from 1 to 1000000 events a second");
    assertThatThrownBy(
            () ->
                new LogBenchOptions(
                    1000,
                    1,
                    100,
                    Duration.ZERO,
                    List.of(100),
                    8,
                    LogBenchOptions.SIDES,
                    Optional.empty(),
                    Optional.empty(),
                    4,
                    100,
                    1000))
        .isInstanceOf(HeraldException.class)
        .hasMessage("the latency phase must last a positive time");
  }
}
