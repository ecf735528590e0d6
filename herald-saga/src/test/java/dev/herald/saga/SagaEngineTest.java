package dev.herald.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventType;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.ForwardingEventStore;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.memory.InMemoryEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The step path on its own: optimistic concurrency, skipping what was handled, the outbox. */
class SagaEngineTest {
  @EventType(name = "test.tally.added", key = "key")
  record Added(String key, String item) {}

  @EventType(name = "test.tally.noted", key = "key")
  record Noted(String key, String item) {}

  record Tally(List<String> items) {}

  private final AtomicInteger runs = new AtomicInteger();

  private final Saga<Tally> tally =
      Saga.builder("tally", Tally.class, new Tally(List.of()))
          .startedBy(
              Added.class,
              Added::key,
              (state, added, context) -> {
                runs.incrementAndGet();
                context.publish(new Noted(added.key(), added.item()));
                List<String> items = new ArrayList<>(state.items());
                items.add(added.item());
                return new Tally(items);
              })
          .build();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Outgoing> sent = new ArrayList<>();

  private SagaEngine<Tally> engine(EventStore store, Outbox outbox) {
    return new SagaEngine<>(tally, store, clock, new EventTypes(), Codec.json(), "test", outbox);
  }

  private static Envelope envelope(Object event) {
    return Envelope.builder()
        .id(UUID.randomUUID().toString())
        .source("test")
        .type(new EventTypes().of(event.getClass()).name())
        .data(Codec.json().encode(event))
        .build();
  }

  private List<String> sentItems() {
    return sent.stream().map(o -> Codec.json().decode(o.envelope(), Noted.class).item()).toList();
  }

  @Test
  void aStepThatLosesTheRaceForItsInstance_runsAgainOnTheWinnersState() throws Exception {
    InMemoryEventStore shared = new InMemoryEventStore(clock);
    SagaEngine<Tally> rival = engine(shared, sent::addAll);
    AtomicBoolean armed = new AtomicBoolean();
    EventStore racing =
        new ForwardingEventStore(shared) {
          @Override
          public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> e) {
            if (e.get(0).type().equals(StepRecords.STEP_TYPE) && armed.compareAndSet(true, false)) {
              // Another process steps the instance between this one's read and its append.
              try {
                rival.handle(new Added("k", "rival"), envelope(new Added("k", "rival")));
              } catch (Exception x) {
                throw new IllegalStateException(x);
              }
            }
            return super.append(stream, expected, e);
          }
        };
    SagaEngine<Tally> engine = engine(racing, sent::addAll);
    engine.handle(new Added("k", "first"), envelope(new Added("k", "first")));
    runs.set(0);
    armed.set(true);

    engine.handle(new Added("k", "second"), envelope(new Added("k", "second")));

    assertThat(engine.instance("k").orElseThrow().state().items())
        .containsExactly("first", "rival", "second");
    assertThat(runs).as("the rival's run, the lost run, the run again").hasValue(3);
    assertThat(sentItems()).containsExactly("first", "rival", "second");
  }

  @Test
  void anEventItHandledAlready_runsNoStep_andSendsNothingAgain() throws Exception {
    SagaEngine<Tally> engine = engine(new InMemoryEventStore(clock), sent::addAll);
    Envelope once = envelope(new Added("k", "a"));

    assertThat(engine.handle(new Added("k", "a"), once)).isPresent();
    assertThat(engine.handle(new Added("k", "a"), once)).isEmpty();

    assertThat(runs).hasValue(1);
    assertThat(sentItems()).containsExactly("a");
    assertThat(engine.instance("k").orElseThrow().state().items()).containsExactly("a");
  }

  @Test
  void eventsASendFailedToDeliver_goOutBeforeTheNextStepsOnes_withTheirFirstIds() throws Exception {
    AtomicInteger failures = new AtomicInteger(1);
    List<String> attemptedIds = new ArrayList<>();
    Outbox flaky =
        messages -> {
          messages.forEach(m -> attemptedIds.add(m.envelope().id()));
          if (failures.getAndDecrement() > 0) {
            throw new HeraldException("transport down (test)");
          }
          sent.addAll(messages);
        };
    SagaEngine<Tally> engine = engine(new InMemoryEventStore(clock), flaky);

    assertThatThrownBy(() -> engine.handle(new Added("k", "a"), envelope(new Added("k", "a"))))
        .hasMessageContaining("transport down");
    engine.handle(new Added("k", "b"), envelope(new Added("k", "b")));

    assertThat(sentItems()).containsExactly("a", "b");
    assertThat(sent.get(0).envelope().id()).isEqualTo(attemptedIds.get(0));
  }
}
