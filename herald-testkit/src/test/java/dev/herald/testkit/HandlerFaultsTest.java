package dev.herald.testkit;

import static dev.herald.testkit.FaultFixtures.noRetries;
import static dev.herald.testkit.FaultFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.herald.core.EventHandler;
import dev.herald.testkit.FaultFixtures.Call;
import dev.herald.testkit.FaultFixtures.Calls;
import dev.herald.testkit.FaultFixtures.StepTaken;
import dev.herald.testkit.FaultFixtures.StepUndone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** What {@link HandlerFaults} injects, what it catches, and how it reports it. */
class HandlerFaultsTest {
  private final Calls calls = new Calls();

  private HandlerFaults harness(EventHandler<StepTaken> handler) {
    return HandlerFaults.forHandler(StepTaken.class, handler)
        .events(steps())
        .reset(calls::clear)
        .runs(5)
        .seed(7);
  }

  @Test
  void run_pureHandlerPassesEveryFault() {
    FaultReport report = harness(calls.handler()).effects(calls::stepsTaken).run();

    assertThat(report.runs()).hasSize(5 * Fault.values().length);
    assertThat(report.failures()).isEmpty();
    assertThat(report.expectedEffects()).asString().contains("k-3/2");
    report.assertEffectsEqualCleanDelivery();
  }

  @Test
  void reorderAcrossKeys_failsAHandlerThatDependsOnTheOrderAcrossKeys() {
    FaultReport report = harness(calls.firstCallPerEvent()).effects(calls::stepsInCallOrder).run();

    assertThat(report.failures(Fault.REORDER_ACROSS_KEYS)).hasSize(5);
    assertThat(report.failures(Fault.DUPLICATES)).isEmpty();
    assertThat(report.failures(Fault.REDELIVERIES)).isEmpty();
    assertThat(report.failures(Fault.CRASH_AFTER_EFFECT)).isEmpty();
    assertThatThrownBy(report::assertEffectsEqualCleanDelivery)
        .hasMessageContaining("REORDER_ACROSS_KEYS, run 0 (seed 7): delivered as #")
        .hasMessageContaining("difference: the same elements in another order; first at index");
  }

  @Test
  void everyFault_keepsTheOrderOfEachKey() {
    harness(calls.firstCallPerEvent())
        .effects(calls::stepsPerKey)
        .run()
        .assertEffectsEqualCleanDelivery();
  }

  @Test
  void duplicates_storeSomeEventsTwiceBeforeTheirKeysNextEvent() {
    harness(calls.handler()).effects(() -> 0).faults(Fault.DUPLICATES).runs(1).run();

    assertThat(calls.callsPerEvent()).hasSize(12).containsValue(2).doesNotContainValue(3);
    assertThat(calls.stepsPerKey().values()).allSatisfy(steps -> assertThat(steps).isSorted());
  }

  @Test
  void redeliveries_handleSomeEventsAgain() {
    harness(calls.handler()).effects(() -> 0).faults(Fault.REDELIVERIES).runs(1).run();

    assertThat(calls.callsPerEvent()).hasSize(12).containsValue(2);
  }

  @Test
  void crashAfterEffect_handlesTheCrashedEventAgainInANewHandler() {
    AtomicInteger handlers = new AtomicInteger();
    HandlerFaults.forService(
            bus -> {
              handlers.incrementAndGet();
              bus.on(StepTaken.class, calls.handler());
            })
        .events(steps())
        .effects(() -> 0)
        .reset(calls::clear)
        .faults(Fault.CRASH_AFTER_EFFECT)
        .runs(1)
        .run();

    assertThat(calls.callsPerEvent()).hasSize(12).containsValue(2);
    // One to learn the handled types, two clean runs, and at least two processes in the crash run.
    assertThat(handlers).hasValueGreaterThanOrEqualTo(5);
  }

  @Test
  void delays_handleKeysInParallelOnSeveralThreads() {
    harness(calls.handler()).effects(() -> 0).faults(Fault.DELAYS).runs(1).run();

    assertThat(calls.callsPerEvent().values()).hasSize(12).containsOnly(1);
    assertThat(calls.calls().stream().map(Call::thread).distinct()).hasSizeGreaterThan(1);
    assertThat(calls.stepsPerKey().values()).allSatisfy(steps -> assertThat(steps).isSorted());
  }

  @Test
  void reorderAcrossKeys_changesTheOrderAcrossKeysOnly() {
    harness(calls.handler()).effects(() -> 0).faults(Fault.REORDER_ACROSS_KEYS).runs(1).run();

    assertThat(calls.callsPerEvent().values()).hasSize(12).containsOnly(1);
    assertThat(calls.stepsInCallOrder())
        .isNotEqualTo(steps().stream().map(s -> s.key() + "/" + s.step()).toList());
    assertThat(calls.stepsPerKey().values()).allSatisfy(steps -> assertThat(steps).isSorted());
  }

  @Test
  void run_sameSeedGivesTheSameReport() {
    FaultReport first = harness(calls.handler()).effects(calls::callsPerStep).run();
    FaultReport again = harness(calls.handler()).effects(calls::callsPerStep).run();
    FaultReport otherSeed = harness(calls.handler()).effects(calls::callsPerStep).seed(8).run();

    assertThat(first.failures()).isNotEmpty();
    assertThat(again.runs()).isEqualTo(first.runs());
    assertThat(otherSeed.runs()).isNotEqualTo(first.runs());
  }

  @Test
  void run_replaysOneRunAloneFromItsSeed() {
    FaultReport report =
        harness(calls.handler()).effects(calls::stepsPerKey).faults(Fault.CRASH_AFTER_EFFECT).run();
    FaultReport.Run fourth = report.runs().get(3);

    FaultReport replay =
        harness(calls.handler())
            .effects(calls::stepsPerKey)
            .faults(fourth.fault())
            .seed(fourth.seed())
            .runs(1)
            .run();

    assertThat(replay.runs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.injected()).isEqualTo(fourth.injected());
              assertThat(run.effects()).isEqualTo(fourth.effects());
              assertThat(run.passed()).isFalse();
            });
  }

  @Test
  void assertEffectsEqualCleanDelivery_explainsAndGivesTheIdeBothValues() {
    FaultReport report =
        harness(calls.handler()).effects(calls::stepsPerKey).faults(Fault.DUPLICATES).run();

    AssertionFailedError error =
        catchThrowableOfType(AssertionFailedError.class, report::assertEffectsEqualCleanDelivery);

    assertThat(error.getExpected().getEphemeralValue()).isEqualTo(report.expectedEffects());
    assertThat(error.getActual().getEphemeralValue()).isEqualTo(report.failures().get(0).effects());
    assertThat(error)
        .hasMessageStartingWith(
            "HandlerFaults with seed 7 and 12 events: the handler's effects differ from one clean"
                + " delivery under DUPLICATES (5 of 5 runs).")
        .hasMessageContaining("DUPLICATES, run 0 (seed 7): stored twice: #0 (key k-0)")
        .hasMessageContaining("expected (one clean delivery): {k-0=[0, 1, 2], k-1=[0, 1, 2]")
        .hasMessageContaining("difference: changed k-0 from [0, 1, 2] to [0, 0, 1, 2, 2]")
        .hasMessageContaining("replay this run alone: .faults(Fault.DUPLICATES).seed(7).runs(1)")
        .hasMessageContaining("every run failed (seeds 7 to 11)");
    assertThat(report).hasToString("FaultReport[seed 7, 12 events, DUPLICATES failed 5 of 5]");
  }

  @Test
  void run_failsARunThatDeadLettersAnEvent() {
    EventHandler<StepTaken> strict =
        (event, context) -> {
          if (!calls.firstTime(context.envelope().id())) {
            throw new IllegalStateException("step " + event.step() + " already taken");
          }
          calls.add(context.envelope().id(), event);
        };

    FaultReport report =
        HandlerFaults.forHandler(StepTaken.class, strict, noRetries())
            .events(steps())
            .effects(calls::stepsTaken)
            .reset(calls::clear)
            .faults(Fault.DUPLICATES)
            .runs(3)
            .run();

    assertThat(report.failures())
        .hasSize(3)
        .allSatisfy(
            run -> {
              assertThat(run.effectsMatch()).isTrue();
              assertThat(run.problems())
                  .first()
                  .asString()
                  .startsWith("dead-lettered #")
                  .contains("IllegalStateException: step");
            });
    assertThatThrownBy(report::assertEffectsEqualCleanDelivery)
        .hasMessageContaining("dead-lettered #");
  }

  @Test
  void run_skipsEventsNoHandlerTakes() {
    List<Object> events = new ArrayList<>();
    steps()
        .forEach(
            s -> {
              events.add(s);
              events.add(new StepUndone(s.key(), s.step()));
            });

    FaultReport report =
        HandlerFaults.forHandler(StepTaken.class, calls.handler())
            .events(events)
            .effects(calls::stepsTaken)
            .reset(calls::clear)
            .runs(5)
            .run();

    report.assertEffectsEqualCleanDelivery();
    assertThat(report.expectedEffects()).asString().contains("k-3/2");
  }

  @Test
  void forService_handlesSeveralTypesOfOneTopic() {
    Map<String, Integer> net = new ConcurrentHashMap<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Object> events = new ArrayList<>();
    steps()
        .forEach(
            s -> {
              events.add(s);
              if (s.step() == 1) {
                events.add(new StepUndone(s.key(), s.step()));
              }
            });

    HandlerFaults.forService(
            bus ->
                bus.on(
                        StepTaken.class,
                        (taken, context) -> {
                          if (seen.add(context.envelope().id())) {
                            net.merge(taken.key(), 1, Integer::sum);
                          }
                        })
                    .on(
                        StepUndone.class,
                        (undone, context) -> {
                          if (seen.add(context.envelope().id())) {
                            net.merge(undone.key(), -1, Integer::sum);
                          }
                        }))
        .events(events)
        .effects(() -> new TreeMap<>(net))
        .reset(
            () -> {
              net.clear();
              seen.clear();
            })
        .runs(5)
        .run()
        .assertEffectsEqualCleanDelivery();
  }
}
