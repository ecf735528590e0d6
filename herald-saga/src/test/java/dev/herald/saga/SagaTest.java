package dev.herald.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.EventType;
import dev.herald.core.HeraldException;
import org.junit.jupiter.api.Test;

class SagaTest {
  @EventType(name = "test.thing.happened", key = "id")
  record Happened(String id) {}

  record State(int n) {}

  private static Saga.Builder<State> builder(String name) {
    return Saga.builder(name, State.class, new State(0));
  }

  @Test
  void build_namesItsGroupCategoryAndStreams() {
    Saga<State> saga =
        builder("fulfilment").startedBy(Happened.class, Happened::id, (s, e, c) -> s).build();

    assertThat(saga.group()).isEqualTo("saga.fulfilment");
    assertThat(saga.stream("o-17")).isEqualTo("saga.fulfilment-o-17");
    assertThat(saga.eventTypes()).containsExactly(Happened.class);
  }

  @Test
  void build_rejectsANameWithADash_sayingWhy() {
    assertThatThrownBy(
            () ->
                builder("order-fulfilment")
                    .startedBy(Happened.class, Happened::id, (s, e, c) -> s)
                    .build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("saga name 'order-fulfilment' is invalid")
        .hasMessageContaining("no '-'");
  }

  @Test
  void build_rejectsASagaNothingStarts() {
    assertThatThrownBy(
            () -> builder("idle").on(Happened.class, Happened::id, (s, e, c) -> s).build())
        .hasMessageContaining("has no event that starts an instance; register one with startedBy");
  }

  @Test
  void theSameEventTypeTwice_orTheSameDeadlineTwice_isRejected() {
    Saga.Builder<State> builder =
        builder("twice")
            .startedBy(Happened.class, Happened::id, (s, e, c) -> s)
            .onDeadline("d", (s, c) -> s);

    assertThatThrownBy(() -> builder.on(Happened.class, Happened::id, (s, e, c) -> s))
        .hasMessageContaining("reacts to Happened twice");
    assertThatThrownBy(() -> builder.onDeadline("d", (s, c) -> s))
        .hasMessageContaining("two handlers for deadline d");
  }
}
