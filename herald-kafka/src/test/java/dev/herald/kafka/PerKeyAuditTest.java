package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crash test's verdict is only as good as this checker, so it is checked on its own. */
class PerKeyAuditTest {
  private final PerKeyAudit audit = new PerKeyAudit();
  private long offset;

  private void read(String key, long... seqs) {
    for (long seq : seqs) {
      audit.read(key, seq, 0, offset++);
    }
  }

  @Test
  void check_everythingInOrder_findsNothing() {
    read("a", 0, 1, 2);
    read("b", 0);

    assertThat(audit.check(Map.of("a", 3L, "b", 1L)))
        .isEqualTo(new PerKeyAudit.Result(4, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void check_acknowledgedEventMissing_countsItLost() {
    read("a", 0, 2);

    PerKeyAudit.Result result = audit.check(Map.of("a", 3L, "b", 1L));

    assertThat(result.lost()).isEqualTo(2); // a/1 and all of b
    assertThat(result.orderViolations()).isZero();
  }

  @Test
  void check_firstOccurrenceAfterALaterEvent_isAnOrderViolation() {
    read("a", 0, 2, 1);

    PerKeyAudit.Result result = audit.check(Map.of("a", 3L));

    assertThat(result.orderViolations()).isEqualTo(1);
    assertThat(result.lost()).isZero();
  }

  @Test
  void check_duplicates_areCountedAndLateOnesToo() {
    read("a", 0, 0, 1, 2, 1);

    PerKeyAudit.Result result = audit.check(Map.of("a", 3L));

    assertThat(result.duplicates()).isEqualTo(2);
    assertThat(result.lateDuplicates()).isEqualTo(1);
    assertThat(result.orderViolations()).isZero();
  }

  @Test
  void read_samePositionTwice_isARedeliveryNotADuplicate() {
    audit.read("a", 0, 0, 0);
    audit.read("a", 0, 0, 0);

    PerKeyAudit.Result result = audit.check(Map.of("a", 1L));

    assertThat(result.redelivered()).isEqualTo(1);
    assertThat(result.duplicates()).isZero();
  }

  @Test
  void check_eventStoredButNeverAcknowledged_isCountedApart() {
    read("a", 0, 1);

    PerKeyAudit.Result result = audit.check(Map.of("a", 1L));

    assertThat(result.unacknowledgedStored()).isEqualTo(1);
    assertThat(result.lost()).isZero();
  }

  @Test
  void awaitEnd_returnsOnceEveryPartitionIsReadToItsEnd() throws InterruptedException {
    audit.read("a", 0, 0, 0);

    assertThat(audit.awaitEnd(Map.of(0, 2L), 10)).isFalse();
    audit.read("a", 1, 0, 1);
    assertThat(audit.awaitEnd(Map.of(0, 2L, 1, 0L), 10)).isTrue();
  }
}
