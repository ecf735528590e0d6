package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaBenchOptionsTest {
  private static KafkaBenchOptions withSides(List<String> sides) {
    return new KafkaBenchOptions(
        1000, 1, 100, Duration.ofSeconds(1), List.of(100), Optional.empty(), 4, 100, 1000, sides);
  }

  @Test
  void defaults_runEverySide() {
    assertThat(KafkaBenchOptions.defaults().sides())
        .containsExactly("herald", "raw", "cloudevents");
  }

  @Test
  void sides_anyOrder_areKeptInTheTablesOrder() {
    assertThat(withSides(List.of("cloudevents", "raw", "herald")).sides())
        .containsExactly("herald", "raw", "cloudevents");
    assertThat(withSides(List.of("raw", "herald")).sides()).containsExactly("herald", "raw");
  }

  @Test
  void sides_withoutRaw_areRejectedBecauseTheTargetsNeedIt() {
    assertThatThrownBy(() -> withSides(List.of("herald", "cloudevents")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("must include herald and raw");
  }

  @Test
  void sides_unknown_areRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> withSides(List.of("herald", "raw", "rabbitmq")))
        .isInstanceOf(HeraldException.class)
        .hasMessage("'rabbitmq' is not a side; the sides are herald, raw, cloudevents");
  }

  @Test
  void sides_twice_areRejected() {
    assertThatThrownBy(() -> withSides(List.of("herald", "raw", "raw")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("give each side once");
  }
}
