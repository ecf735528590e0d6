package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void median_oddCount_isTheMiddleValue() {
    assertThat(Stats.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
  }

  @Test
  void median_evenCount_isTheMeanOfTheMiddleTwo() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 100.0))).isEqualTo(3.5);
  }

  @Test
  void median_oneValue_isThatValue() {
    assertThat(Stats.median(List.of(7.0))).isEqualTo(7.0);
  }

  @Test
  void median_nothing_isRejected() {
    assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ratio_isHeraldOverRaw() {
    assertThat(Stats.ratio(90_000, 100_000)).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void microsPerEvent_isCpuTimeBetweenReadingsOverEvents() {
    assertThat(Stats.microsPerEvent(5_000_000, 35_000_000, 10_000)).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void microsPerEvent_unknownReading_isNaN() {
    assertThat(Stats.microsPerEvent(-1, 35_000_000, 10_000)).isNaN();
    assertThat(Stats.microsPerEvent(5_000_000, -1, 10_000)).isNaN();
  }

  @Test
  void ratio_rawNotPositive_isRejected() {
    assertThatThrownBy(() -> Stats.ratio(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
