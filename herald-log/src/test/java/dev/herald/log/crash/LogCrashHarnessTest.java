package dev.herald.log.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quick crash test: a publisher killed with SIGKILL three times loses nothing acknowledged. */
class LogCrashHarnessTest {
  @TempDir Path directory;

  @Test
  void killedPublisher_losesNothingAcknowledged() throws Exception {
    CrashTestSettings settings =
        new CrashTestSettings(
            directory, 3, 12, Duration.ofMillis(200), Duration.ofMillis(900), System.nanoTime());
    List<String> progress = new ArrayList<>();

    CrashTestResult result = LogCrashHarness.run(settings, progress::add);
    progress.forEach(System.out::println);
    System.out.println(result.summary());

    assertThat(result.problems()).as("problems; %s", result.summary()).isEmpty();
    assertThat(result.cycles()).isEqualTo(3);
    assertThat(result.acknowledged()).as("acknowledged events").isPositive();
    assertThat(result.lost()).as("acknowledged events lost").isZero();
    assertThat(result.unexpected()).as("records never published").isZero();
    assertThat(result.corrupt()).as("corrupt records").isZero();
    assertThat(result.orderViolations()).as("order violations per key").isZero();
    assertThat(result.stored()).isGreaterThanOrEqualTo(result.acknowledged());
    assertThat(result.passed()).isTrue();
    assertThat(result.summary()).startsWith("PASS: 3 kill -9 cycles, ").contains(" 0 lost, ");
    assertThat(progress)
        .hasSize(4)
        .first()
        .asString()
        .startsWith("cycle 1/3: killed the publisher");
  }

  @Test
  void audit_countsWhatIsWrong() {
    KeyedAudit audit = new KeyedAudit(new long[] {3, 2});
    audit.read(CrashEvents.data("k00", 0));
    audit.read(CrashEvents.data("k00", 2));
    audit.read(CrashEvents.data("k00", 1));
    audit.read(CrashEvents.data("k00", 3)); // in flight at the kill: allowed
    audit.read(CrashEvents.data("k00", 3)); // published again after the kill
    audit.read(CrashEvents.data("k00", 4)); // never published
    audit.read(CrashEvents.data("k07", 0)); // no such key
    audit.read(CrashEvents.data("k01", 0).replace('p', 'q') + "x"); // damaged
    audit.read(CrashEvents.data("k01", 0));

    assertThat(audit.acknowledged()).isEqualTo(5);
    assertThat(audit.lost()).as("lost: k01 1").isEqualTo(1);
    assertThat(audit.orderViolations()).isEqualTo(1);
    assertThat(audit.duplicates()).isEqualTo(1);
    assertThat(audit.unexpected()).isEqualTo(2);
    assertThat(audit.corrupt()).isEqualTo(1);
    assertThat(audit.stored()).isEqualTo(9);
  }
}
