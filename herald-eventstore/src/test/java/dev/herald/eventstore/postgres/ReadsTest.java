package dev.herald.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.eventstore.RecordedEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule that stops a read of all streams before gaps that appends in flight may fill. */
class ReadsTest {
  @Test
  void untilOpenGap_skipsGapsBelowTheFloor_andStopsAtTheFirstOneReachingIt() {
    List<RecordedEvent> rows = at(3, 4, 7, 8, 10, 11);

    assertThat(positions(Reads.untilOpenGap(rows, 3, 20))).hasSize(6);
    assertThat(positions(Reads.untilOpenGap(rows, 3, 6))).containsExactly(3L, 4L);
    assertThat(positions(Reads.untilOpenGap(rows, 3, 7))).containsExactly(3L, 4L, 7L, 8L);
    assertThat(positions(Reads.untilOpenGap(rows, 0, 0))).isEmpty();
    assertThat(positions(Reads.untilOpenGap(rows, 0, 3))).containsExactly(3L, 4L);
    assertThat(positions(Reads.untilOpenGap(rows, 0, 11))).hasSize(6);
  }

  @Test
  void untilOpenGap_keepsRowsWithoutGaps_whateverTheFloor() {
    assertThat(positions(Reads.untilOpenGap(at(5, 6, 7), 5, 0))).containsExactly(5L, 6L, 7L);
    assertThat(Reads.untilOpenGap(List.of(), 5, 0)).isEmpty();
  }

  private static List<RecordedEvent> at(long... positions) {
    return Arrays.stream(positions)
        .mapToObj(
            p ->
                new RecordedEvent("s-1", p, p, "id" + p, "t", new byte[0], Map.of(), Instant.EPOCH))
        .toList();
  }

  private static List<Long> positions(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::position).toList();
  }
}
