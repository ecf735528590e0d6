package dev.herald.testkit;

import static dev.herald.testkit.FaultFixtures.noRetries;
import static dev.herald.testkit.FaultFixtures.steps;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.EventHandler;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.RetryPolicy;
import dev.herald.testkit.FaultFixtures.Calls;
import dev.herald.testkit.FaultFixtures.OtherHappened;
import dev.herald.testkit.FaultFixtures.StepTaken;
import dev.herald.testkit.FaultFixtures.StepUndone;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link HandlerFaults} given a handler, effects or settings it cannot work with. */
class HandlerFaultsMisuseTest {
  private final Calls calls = new Calls();

  private HandlerFaults harness() {
    return HandlerFaults.forHandler(StepTaken.class, calls.handler())
        .events(steps())
        .reset(calls::clear);
  }

  @Test
  void run_refusesWhenTheCleanDeliveryFails() {
    EventHandler<StepTaken> broken =
        (event, context) -> {
          throw new IllegalStateException("the database is down");
        };

    assertThatThrownBy(
            () ->
                HandlerFaults.forHandler(StepTaken.class, broken, noRetries())
                    .events(steps())
                    .effects(() -> 0)
                    .reset(() -> {})
                    .run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the clean delivery (each event once, in order) already fails")
        .hasMessageContaining("dead-lettered #0 (key k-0)")
        .hasMessageContaining("the database is down");
  }

  @Test
  void run_saysWhatIsMissingWhenARunTimesOut() {
    EventHandler<StepTaken> stuck =
        (event, context) -> {
          if (event.step() == 2) {
            throw new IllegalStateException("never works");
          }
        };
    RetryPolicy forever =
        RetryPolicy.builder()
            .maxAttempts(1_000_000)
            .initialDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(1))
            .maxElapsed(Duration.ofHours(1))
            .build();

    assertThatThrownBy(
            () ->
                HandlerFaults.forHandler(
                        StepTaken.class, stuck, HandlerOptions.builder().retry(forever).build())
                    .events(steps())
                    .effects(() -> 0)
                    .reset(() -> {})
                    .timeout(Duration.ofSeconds(1))
                    .run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not every event was handled within PT1S: 8 of 12 handler calls")
        .hasMessageContaining("waiting for #8 (key k-0) handled 0 of 1 times")
        .hasMessageContaining("the handler threw: #8 (key k-0): java.lang.IllegalStateException");
  }

  @Test
  void run_refusesEffectsThatChangeByThemselves() {
    AtomicInteger counter = new AtomicInteger();

    assertThatThrownBy(() -> harness().effects(counter::incrementAndGet).run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("two clean deliveries of the same events gave different effects");
  }

  @Test
  void run_refusesHandlerStateThatResetLeavesBehind() {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    EventHandler<StepTaken> remembering =
        (event, context) -> {
          if (handled.add(context.envelope().id())) {
            calls.add(context.envelope().id(), event);
          }
        };

    assertThatThrownBy(
            () ->
                HandlerFaults.forHandler(StepTaken.class, remembering)
                    .events(steps())
                    .effects(calls::stepsTaken)
                    .reset(calls::clear) // but not what the handler remembers
                    .run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("state that reset() leaves behind");
  }

  @Test
  void run_rejectsEventsOfSeveralTopics() {
    assertThatThrownBy(
            () ->
                harness()
                    .events(new StepTaken("k-0", 0), new OtherHappened("x"))
                    .effects(() -> 0)
                    .run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("delivers the events of one topic")
        .hasMessageContaining("faults.test.step")
        .hasMessageContaining("faults.other.thing");
  }

  @Test
  void run_rejectsEventsNoHandlerTakes() {
    assertThatThrownBy(() -> harness().events(new StepUndone("k-0", 0)).effects(() -> 0).run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("none of the 1 events has a type the handlers take")
        .hasMessageContaining("faults.test.step.taken");
  }

  @Test
  void run_rejectsMissingSettings() {
    assertThatThrownBy(() -> harness().run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("needs effects(...)");
    assertThatThrownBy(
            () ->
                HandlerFaults.forHandler(StepTaken.class, calls.handler())
                    .events(steps())
                    .effects(() -> 0)
                    .run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("needs reset(...)");
    assertThatThrownBy(() -> harness().effects(() -> 0).events(List.of()).run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("has no events");
    assertThatThrownBy(() -> harness().effects(() -> 0).faults().run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("give at least one of each");
  }

  @Test
  void forService_refusesToStartOrPublish() {
    assertThatThrownBy(
            () ->
                HandlerFaults.forService(
                        bus -> {
                          bus.on(StepTaken.class, calls.handler());
                          bus.start();
                        })
                    .events(steps())
                    .effects(() -> 0)
                    .reset(() -> {})
                    .run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("starts the bus itself");
    assertThatThrownBy(
            () ->
                HandlerFaults.forService(
                        bus -> {
                          bus.on(StepTaken.class, calls.handler());
                          bus.publish(new StepTaken("k-9", 0));
                        })
                    .events(steps())
                    .effects(() -> 0)
                    .reset(() -> {})
                    .run())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("give the events to deliver to HandlerFaults.events(...)");
  }
}
