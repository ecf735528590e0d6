package dev.herald.testkit;

import static dev.herald.testkit.ContractData.bytes;
import static dev.herald.testkit.ContractData.envelope;
import static dev.herald.testkit.ContractData.event;
import static dev.herald.testkit.ContractData.ids;
import static dev.herald.testkit.MiddlewareFixture.dataOf;
import static dev.herald.testkit.MiddlewareFixture.instancesThatHandled;
import static dev.herald.testkit.MiddlewareFixture.onceEach;
import static dev.herald.testkit.MiddlewareFixture.sequencesHandled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetterReason;
import dev.herald.core.DeadLetters;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.HandlerOptions;
import dev.herald.core.Position;
import dev.herald.core.RetryPolicy;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.MiddlewareFixture.Fault;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Failure handling that must behave the same on every {@link Transport}, as a JUnit suite: retries,
 * dead letters, replay, redelivery after a crash and ordered mode, each through the public {@link
 * EventBus} API as a service uses it. A transport's test class extends this one with the same hooks
 * as its {@link TransportContract} test class:
 *
 * <pre>{@code
 * class LogMiddlewareContractTest extends MiddlewareContract {
 *   @TempDir Path dir;
 *
 *   protected Transport openTransport() { return Transports.open("log:" + dir); }
 *   protected Transport reopenTransport() { return Transports.open("log:" + dir); }
 *   protected Features features() { return new Features(true, false, 8 << 20); }
 * }
 * }</pre>
 *
 * <p>Only {@link Features#persistent()} is read: the test that reopens the transport runs only on
 * persistent ones. Every test opens a fresh transport and uses a topic and consumer groups of its
 * own; retries back off for milliseconds. Waits are bounded by {@link #awaitTimeout()}. To know
 * that an event was settled (handled or dead-lettered) without sleeping, a test publishes a later
 * event to the same partition and waits for it: a partition is handled in order, so the later event
 * runs only after the earlier one was settled. {@link #crashBetweenEffectAndCommit} is the crash
 * scenario, for tests of other handler options.
 *
 * <p>Over 400 lines because each test keeps its whole scenario in one place, as a user would write
 * it; the fixture and the helpers that are not scenarios live in {@link MiddlewareFixture}, {@link
 * Recorder}, {@link CrashingTransport} and {@link Await}.
 */
public abstract class MiddlewareContract {
  /** Three attempts, 5 to 20 ms apart: the suite's retry policy. */
  protected static final RetryPolicy FAST_RETRY =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofMillis(5))
          .maxDelay(Duration.ofMillis(20))
          .build();

  private static final Duration DEAD_LETTER_POLL = Duration.ofMillis(100);
  private static final Duration LAG_POLL = Duration.ofMillis(100);

  private MiddlewareFixture fixture;

  /** For subclasses. */
  protected MiddlewareContract() {}

  /** Opens the transport under test on fresh, empty storage; called once before each test. */
  protected abstract Transport openTransport();

  /**
   * Opens the storage of the transport last returned by {@link #openTransport()} again, after it
   * was closed. Transports whose {@link #features()} say persistent must override it.
   */
  protected Transport reopenTransport() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " declares a persistent transport; override reopenTransport() to open the same"
            + " storage again");
  }

  /** What the transport promises; only {@link Features#persistent()} matters here. */
  protected abstract Features features();

  /** How long a test waits for something before it fails; 30 seconds unless overridden. */
  protected Duration awaitTimeout() {
    return Duration.ofSeconds(30);
  }

  /** Opens the transport and names this test's topic and groups. */
  @BeforeEach
  protected void openFixture(TestInfo info) {
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    fixture = new MiddlewareFixture(method, this::openTransport);
  }

  /** Closes every bus the test opened, then the transport. */
  @AfterEach
  protected void closeFixture() {
    fixture.close();
  }

  // ---------------------------------------------------------------- dead letters

  /**
   * A poison event (its handler always throws) is dead-lettered after exactly the policy's
   * attempts, with the metadata a user needs, and the events behind it in its partition, of the
   * same key and of another, are handled, after its last attempt.
   */
  @Test
  public void poisonEvent_isDeadLetteredAfterItsAttempts_andLaterEventsOfItsKeyAreHandled()
      throws Exception {
    List<String> keys = keysInOnePartition(2);
    ContractEvent poison = event(keys.get(0), 0, "poison");
    Recorder recorder = new Recorder(group("payments"));
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    List<Integer> poisonCallsSeenBehindIt = new CopyOnWriteArrayList<>();
    EventBus payments =
        consumer(
            recorder,
            "1",
            calls,
            (event, call) -> {
              if (event.id().equals(poison.id())) {
                throw new IllegalStateException("card service says no to " + event.id());
              }
              poisonCallsSeenBehindIt.add(calls.getOrDefault(poison.id(), 0));
            },
            HandlerOptions.builder().name("charge-card").retry(FAST_RETRY).build());
    payments.start();

    Position poisoned = publisher().publish(poison);
    List<ContractEvent> behind =
        List.of(event(keys.get(0), 1, "behind"), event(keys.get(1), 0, "neighbour"));
    publisher().publish(behind);

    recorder.await("the events behind the poison", ids(behind), awaitTimeout());
    DeadLetter letter = awaitDeadLetters(payments.deadLetters(), 1).get(0);
    assertThat(letter.original()).as("where the poison was published").isEqualTo(poisoned);
    assertThat(dataOf(letter)).as("the dead event's data").contains(poison.id());
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
    assertThat(letter.attempts())
        .as("attempts recorded in the dead letter")
        .isEqualTo(FAST_RETRY.maxAttempts());
    assertThat(calls.get(poison.id()))
        .as("handler calls for the poison")
        .isEqualTo(FAST_RETRY.maxAttempts());
    assertThat(letter.handler()).isEqualTo("charge-card");
    assertThat(letter.group()).isEqualTo(recorder.group());
    assertThat(letter.error()).contains("card service says no to " + poison.id());
    assertThat(letter.status()).isEqualTo(DeadLetter.Status.PENDING);
    assertThat(poisonCallsSeenBehindIt)
        .as("poison attempts made when each event behind it ran (order within the partition)")
        .containsOnly(FAST_RETRY.maxAttempts());
    assertThat(recorder.ids()).as("the poison never succeeded").doesNotContain(poison.id());
    assertThat(recorder.counts()).as("handled once each").isEqualTo(onceEach(behind));
  }

  /** An exception the policy does not retry dead-letters its event at the first failure. */
  @Test
  public void nonRetryableException_isDeadLetteredAtOnce() throws Exception {
    String key = keysInOnePartition(1).get(0);
    ContractEvent invalid = event(key, 0, "invalid");
    Recorder recorder = new Recorder(group("payments"));
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    RetryPolicy policy =
        FAST_RETRY.toBuilder().maxAttempts(10).noRetryOn(IllegalArgumentException.class).build();
    EventBus payments =
        consumer(
            recorder,
            "1",
            calls,
            (event, call) -> {
              if (event.id().equals(invalid.id())) {
                throw new IllegalArgumentException("amount must be positive");
              }
            },
            HandlerOptions.builder().retry(policy).build());
    payments.start();

    Position published = publisher().publish(invalid);
    ContractEvent behind = event(key, 1, "behind");
    publisher().publish(behind);

    recorder.await("the event behind it", List.of(behind.id()), awaitTimeout());
    DeadLetter letter = awaitDeadLetters(payments.deadLetters(), 1).get(0);
    assertThat(letter.original()).as("where the event was published").isEqualTo(published);
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.NOT_RETRYABLE);
    assertThat(letter.attempts()).as("attempts recorded in the dead letter").isEqualTo(1);
    assertThat(calls.get(invalid.id())).as("handler calls for the event").isEqualTo(1);
    assertThat(letter.error()).contains("IllegalArgumentException", "amount must be positive");
  }

  /**
   * An event whose data cannot be decoded into its type is dead-lettered at once, unchanged,
   * without reaching the handler, and the consumer carries on with the events behind it.
   */
  @Test
  public void undecodableEvent_isDeadLetteredAndLaterEventsAreHandled() throws Exception {
    String key = keysInOnePartition(1).get(0);
    Recorder recorder = new Recorder(group("payments"));
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    EventBus payments =
        consumer(
            recorder,
            "1",
            calls,
            Fault.none(),
            HandlerOptions.builder().retry(FAST_RETRY.toBuilder().maxAttempts(10).build()).build());
    payments.start();

    Envelope garbage = envelope(MiddlewareFixture.EVENT_TYPE, key, bytes("{not json"));
    Position stored =
        fixture
            .transport()
            .append(fixture.topic(), List.of(garbage))
            .get(awaitTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .get(0);
    ContractEvent behind = event(key, 0, "behind");
    publisher().publish(behind);

    recorder.await("the event behind the undecodable one", List.of(behind.id()), awaitTimeout());
    DeadLetter letter = awaitDeadLetters(payments.deadLetters(), 1).get(0);
    assertThat(letter.envelope().id()).isEqualTo(garbage.id());
    assertThat(letter.envelope().data()).as("the data, unchanged").isEqualTo(garbage.data());
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
    assertThat(letter.attempts()).as("attempts (the handler never ran)").isZero();
    assertThat(letter.original()).isEqualTo(stored);
    assertThat(calls).as("handler calls").containsOnlyKeys(behind.id());
    assertThat(recorder.counts()).isEqualTo(Map.of(behind.id(), 1));
  }

  /**
   * A replayed dead letter is handled once, by its group only, once the handler works again; it
   * leaves the pending list, shows as replayed, and a second replay sends nothing.
   */
  @Test
  public void replayedDeadLetter_isHandledOnceByItsGroupOnly() throws Exception {
    String key = keysInOnePartition(1).get(0);
    ContractEvent invoice = event(key, 0, "invoice");
    Recorder billing = new Recorder(group("billing"));
    Recorder audit = new Recorder(group("audit"));
    Set<String> broken = ConcurrentHashMap.newKeySet();
    broken.add(invoice.id());
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    EventBus billingBus =
        consumer(
            billing,
            "1",
            calls,
            (event, call) -> {
              if (broken.contains(event.id())) {
                throw new IllegalStateException("ledger closed for " + event.id());
              }
            },
            HandlerOptions.builder().retry(RetryPolicy.none()).build());
    EventBus auditBus = consumer(audit, "1", new ConcurrentHashMap<>(), Fault.none(), defaults());
    billingBus.start();
    auditBus.start();

    Position published = publisher().publish(invoice);
    ContractEvent behind = event(key, 1, "behind");
    publisher().publish(behind);
    billing.await("the event behind the dead one", List.of(behind.id()), awaitTimeout());
    DeadLetter letter = awaitDeadLetters(billingBus.deadLetters(), 1).get(0);
    assertThat(letter.original()).as("where the event was published").isEqualTo(published);

    broken.clear();
    DeadLetters.Outcome replayed = billingBus.deadLetters().replay(letter.id());
    assertThat(replayed.count()).as("dead letters replayed").isEqualTo(1);
    billing.await("the replayed event", List.of(invoice.id()), awaitTimeout());
    DeadLetters.Outcome again =
        DeadLetters.of(fixture.transport(), billing.group()).replay(letter.id());
    assertThat(again.count()).as("dead letters replayed by a second replay").isZero();
    ContractEvent marker = event(key, 2, "after the replays");
    publisher().publish(marker);
    billing.await("an event published after the replays", List.of(marker.id()), awaitTimeout());
    audit.await("every event", ids(List.of(invoice, behind, marker)), awaitTimeout());

    assertThat(billing.counts())
        .as("events handled by the dead letter's group")
        .isEqualTo(onceEach(List.of(invoice, behind, marker)));
    assertThat(calls.get(invoice.id())).as("calls: the failure and the replay").isEqualTo(2);
    assertThat(audit.counts())
        .as("events handled by another group, which must not see the replay")
        .isEqualTo(onceEach(List.of(invoice, behind, marker)));
    DeadLetters letters = billingBus.deadLetters();
    assertThat(letters.list(DeadLetterFilter.all())).as("pending dead letters").isEmpty();
    assertThat(letters.list(DeadLetterFilter.all().withResolved()))
        .singleElement()
        .satisfies(l -> assertThat(l.id()).isEqualTo(letter.id()))
        .satisfies(l -> assertThat(l.status()).isEqualTo(DeadLetter.Status.REPLAYED));
  }

  // ---------------------------------------------------------------- crashes

  /**
   * A process that crashes after its handler's side effect but before it commits leaves the event
   * uncommitted: the next instance of the group handles it again (at least once), and only it.
   */
  @Test
  public void crashBetweenEffectAndCommit_redeliversTheEvent() throws Exception {
    CrashEffects effects = crashBetweenEffectAndCommit(defaults());

    assertThat(effects.beforeCrash())
        .as("instances that ran the effect of the event committed before the crash")
        .containsExactly("first");
    assertThat(effects.inFlightAtCrash())
        .as("instances that ran the effect of the event in flight at the crash")
        .containsExactly("first", "second");
    assertThat(effects.afterCrash())
        .as("instances that ran the effect of the event published after the crash")
        .containsExactly("second");
  }

  /**
   * With an idempotent handler, a crash between the side effect and the commit does not repeat the
   * effect: the event comes back to the next instance of the group, which finds its id recorded and
   * skips it, and handles the events after it.
   */
  @Test
  public void idempotentHandlerRunsOncePerEventIdAcrossACrash() throws Exception {
    CrashEffects effects =
        crashBetweenEffectAndCommit(HandlerOptions.builder().idempotent().build());

    assertThat(effects.beforeCrash())
        .as("instances that ran the effect of the event committed before the crash")
        .containsExactly("first");
    assertThat(effects.inFlightAtCrash())
        .as("instances that ran the effect of the event in flight at the crash")
        .containsExactly("first");
    assertThat(effects.afterCrash())
        .as("instances that ran the effect of the event published after the crash")
        .containsExactly("second");
  }

  /** Which instances ran the side effect of each event of {@link #crashBetweenEffectAndCommit}. */
  protected record CrashEffects(
      List<String> beforeCrash, List<String> inFlightAtCrash, List<String> afterCrash) {}

  /**
   * The crash scenario, with the handler registered with {@code options}. Instance "first" of a
   * group handles an event and commits it; then handles a second event, runs its side effect and
   * crashes before committing it (every later commit of the instance is lost; it is then closed).
   * Instance "second" of the group starts and handles whatever comes to it, and a third event
   * published after the crash. Returns when "second" has handled the third event, which comes after
   * the other two in their partition.
   */
  protected final CrashEffects crashBetweenEffectAndCommit(HandlerOptions options)
      throws Exception {
    String key = keysInOnePartition(1).get(0);
    Recorder effects = new Recorder(group("shipping"));
    ContractEvent before = event(key, 0, "committed before the crash");
    ContractEvent crashing = event(key, 1, "in flight at the crash");
    ContractEvent after = event(key, 2, "published after the crash");
    CrashingTransport dying =
        new CrashingTransport(fixture.transport(), fixture.topic(), effects.group());
    EventBus first =
        fixture.consumer(
            dying,
            effects,
            "first",
            new ConcurrentHashMap<>(),
            Fault.none(),
            options,
            (event, call) -> {
              if (event.id().equals(crashing.id())) {
                dying.crash();
              }
            });
    first.start();

    Position committed = publisher().publish(before);
    effects.await("the first event", List.of(before.id()), awaitTimeout());
    Await.until(
        "a commit past the first event",
        awaitTimeout(),
        Duration.ofMillis(20),
        () -> dying.committed(committed.partition()),
        next -> next > committed.offset());
    publisher().publish(crashing);
    effects.await("the event in flight at the crash", List.of(crashing.id()), awaitTimeout());
    first.close();

    EventBus second = consumer(effects, "second", new ConcurrentHashMap<>(), Fault.none(), options);
    second.start();
    publisher().publish(after);
    effects.await("the event published after the crash", List.of(after.id()), awaitTimeout());
    return new CrashEffects(
        instancesThatHandled(effects, before),
        instancesThatHandled(effects, crashing),
        instancesThatHandled(effects, after));
  }

  // ---------------------------------------------------------------- ordered mode

  /**
   * In ordered mode every key is handled in publish order: a key whose first event fails twice
   * before it succeeds, and a key whose first event is dead-lettered, whose later events wait
   * parked behind it until it is replayed, and then come back in order, before events published
   * later.
   */
  @Test
  public void orderedMode_keepsOrderPerKeyThroughRetriesAndDeadLetters() throws Exception {
    List<String> keys = keysInOnePartition(3);
    String flaky = keys.get(0);
    String dead = keys.get(1);
    String calm = keys.get(2);
    Recorder ledger = new Recorder(group("ledger"));
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    Set<String> broken = ConcurrentHashMap.newKeySet();
    RetryPolicy policy = FAST_RETRY.toBuilder().maxAttempts(4).build();
    List<ContractEvent> published = new ArrayList<>();
    for (int sequence = 0; sequence < 3; sequence++) {
      for (String key : keys) {
        published.add(event(key, sequence, key + "#" + sequence));
      }
    }
    String flakyHead = published.get(0).id();
    ContractEvent deadHead = published.get(1);
    broken.add(deadHead.id());
    EventBus bus =
        consumer(
            ledger,
            "1",
            calls,
            (event, call) -> {
              if (event.id().equals(flakyHead) && call <= 2) {
                throw new IllegalStateException("flaky failure " + call);
              }
              if (broken.contains(event.id())) {
                throw new IllegalStateException("cannot book " + event.id());
              }
            },
            HandlerOptions.builder().retry(policy).ordered().build());
    bus.start();
    List<Position> positions = publisher().publish(published);

    List<String> flowing =
        published.stream().filter(e -> !e.key().equals(dead)).map(ContractEvent::id).toList();
    ledger.await("the keys that are not dead", flowing, awaitTimeout());
    List<DeadLetter> parked = awaitDeadLetters(bus.deadLetters(), 3);
    assertThat(calls.get(flakyHead)).as("calls for the event that failed twice").isEqualTo(3);
    assertThat(sequencesHandled(ledger, flaky)).containsExactly(0L, 1L, 2L);
    assertThat(sequencesHandled(ledger, calm)).containsExactly(0L, 1L, 2L);
    assertThat(sequencesHandled(ledger, dead)).as("the dead key before the replay").isEmpty();
    DeadLetter head = parked.get(0);
    assertThat(parked)
        .extracting(DeadLetter::original)
        .as("where the dead letters were published, in order")
        .containsExactly(positions.get(1), positions.get(4), positions.get(7));
    assertThat(parked)
        .extracting(DeadLetter::reason)
        .containsExactly(
            DeadLetterReason.RETRIES_EXHAUSTED, DeadLetterReason.PARKED, DeadLetterReason.PARKED);
    assertThat(head.isHead()).as("the first dead letter heads its key's sequence").isTrue();
    assertThat(head.attempts()).isEqualTo(policy.maxAttempts());
    assertThat(parked).allSatisfy(l -> assertThat(l.sequence()).contains(head.id()));
    assertThat(parked.subList(1, 3)).allSatisfy(l -> assertThat(l.attempts()).isZero());

    broken.clear();
    assertThat(bus.deadLetters().replay(head.id()).count())
        .as("dead letters replayed with the head")
        .isEqualTo(3);
    ContractEvent later = event(dead, 3, dead + "#3");
    publisher().publish(later);
    ledger.await("the dead key's events", List.of(later.id()), awaitTimeout());

    assertThat(sequencesHandled(ledger, dead))
        .as("the dead key's events after the replay")
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(calls.get(deadHead.id()))
        .as("calls for the dead head: every attempt, then the replay")
        .isEqualTo(policy.maxAttempts() + 1);
    assertThat(ledger.orderViolations()).isEmpty();
    assertThat(bus.deadLetters().list(DeadLetterFilter.all())).as("pending").isEmpty();
  }

  /**
   * On a persistent transport, dead letters and parked keys survive closing and reopening it: after
   * the reopen the dead letters are listed as before, a new event of the parked key is parked
   * behind the same head, and replaying the head brings the whole key back in order.
   */
  @Test
  public void reopen_keepsDeadLettersAndParkedKeys() throws Exception {
    assumeTrue(features().persistent(), "the transport does not keep events across a reopen");
    List<String> keys = keysInOnePartition(2);
    String dead = keys.get(0);
    String calm = keys.get(1);
    Recorder before = new Recorder(group("ledger"));
    Set<String> broken = ConcurrentHashMap.newKeySet();
    HandlerOptions ordered = HandlerOptions.builder().retry(RetryPolicy.none()).ordered().build();
    Fault failWhenBroken =
        (event, call) -> {
          if (broken.contains(event.id())) {
            throw new IllegalStateException("cannot book " + event.id());
          }
        };
    List<ContractEvent> deadEvents =
        List.of(
            event(dead, 0, "head"),
            event(dead, 1, "parked before"),
            event(dead, 2, "parked after"));
    broken.add(deadEvents.get(0).id());
    EventBus first = consumer(before, "before", new ConcurrentHashMap<>(), failWhenBroken, ordered);
    first.start();
    ContractEvent calmFirst = event(calm, 0, "calm before");
    publisher().publish(List.of(deadEvents.get(0), deadEvents.get(1), calmFirst));
    before.await("the other key", List.of(calmFirst.id()), awaitTimeout());
    List<String> deadBefore =
        awaitDeadLetters(first.deadLetters(), 2).stream().map(DeadLetter::id).toList();

    fixture.reopen(this::reopenTransport);
    Recorder after = new Recorder(group("ledger"));
    EventBus second = consumer(after, "after", new ConcurrentHashMap<>(), failWhenBroken, ordered);
    second.start();
    ContractEvent calmSecond = event(calm, 1, "calm after");
    publisher().publish(List.of(deadEvents.get(2), calmSecond));
    after.await("the other key after the reopen", List.of(calmSecond.id()), awaitTimeout());

    List<DeadLetter> letters = awaitDeadLetters(second.deadLetters(), 3);
    assertThat(letters.subList(0, 2))
        .extracting(DeadLetter::id)
        .as("dead letters from before the reopen")
        .containsExactlyElementsOf(deadBefore);
    assertThat(letters.get(2).reason())
        .as("the dead key's event published after the reopen")
        .isEqualTo(DeadLetterReason.PARKED);
    assertThat(dataOf(letters.get(2))).contains(deadEvents.get(2).id());
    assertThat(letters).allSatisfy(l -> assertThat(l.sequence()).contains(deadBefore.get(0)));
    assertThat(sequencesHandled(after, dead)).as("the dead key before the replay").isEmpty();

    broken.clear();
    assertThat(second.deadLetters().replay(deadBefore.get(0)).count()).isEqualTo(3);
    after.await("the dead key's events", ids(deadEvents), awaitTimeout());
    assertThat(sequencesHandled(after, dead)).containsExactly(0L, 1L, 2L);
    assertThat(second.deadLetters().list(DeadLetterFilter.all())).as("pending").isEmpty();
  }

  // ---------------------------------------------------------------- metrics

  /**
   * The bus's Micrometer metrics count what happened: events published, attempts that succeeded and
   * failed (counted and timed), retries and a dead letter by its reason, exactly; and the consumer
   * lag of the partition returns to 0 once it is drained.
   */
  @Test
  public void metrics_countWhatHappened() throws Exception {
    List<String> keys = keysInOnePartition(2);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    fixture.recordMetricsIn(registry);
    List<ContractEvent> charges = new ArrayList<>();
    for (int sequence = 0; sequence < 6; sequence++) {
      charges.add(event(keys.get(0), sequence, "charge " + sequence));
    }
    Set<String> flaky = Set.of(charges.get(1).id(), charges.get(4).id());
    ContractEvent poison = event(keys.get(1), 0, "poison");
    List<ContractEvent> published = new ArrayList<>(charges.subList(0, 3));
    published.add(poison);
    published.addAll(charges.subList(3, 6));
    Recorder recorder = new Recorder(group("payments"));
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    EventBus payments =
        consumer(
            recorder,
            "1",
            calls,
            (event, call) -> {
              if (event.id().equals(poison.id())) {
                throw new IllegalStateException("card service says no to " + event.id());
              }
              if (flaky.contains(event.id()) && call == 1) {
                throw new IllegalStateException("card service timed out for " + event.id());
              }
            },
            HandlerOptions.builder().retry(FAST_RETRY).build());
    payments.start();

    publisher().publish(published);
    ContractEvent done = event(keys.get(0), charges.size(), "done");
    int partition = publisher().publish(done).partition();
    recorder.await("the last event of the partition", List.of(done.id()), awaitTimeout());
    // The gauge's first read fetches the end offsets, which include "done" by now: 0 means "done"
    // is settled, and so are its own counts, made before its offset moved on.
    Await.until(
        "herald.consumer.lag of partition " + partition + " back to 0",
        awaitTimeout(),
        LAG_POLL,
        () -> lag(registry, recorder.group(), partition),
        lag -> lag == 0.0);

    Tags handling =
        Tags.of(
            "service",
            recorder.group(),
            "group",
            recorder.group(),
            "topic",
            fixture.topic(),
            "type",
            MiddlewareFixture.EVENT_TYPE);
    assertThat(
            registry
                .get("herald.events.published")
                .tags("service", group("publisher"), "topic", fixture.topic())
                .tag("type", MiddlewareFixture.EVENT_TYPE)
                .counter()
                .count())
        .as("events published: 6 charges, the poison and done")
        .isEqualTo(8);
    assertThat(registry.find("herald.events.published").tag("service", recorder.group()).meters())
        .as("events published by the consumer (its dead letter is not one)")
        .isEmpty();
    assertThat(registry.get("herald.events.handled").tags(handling).counter().count())
        .as("events handled: 6 charges and done")
        .isEqualTo(7);
    assertThat(registry.get("herald.events.failed").tags(handling).counter().count())
        .as("failed attempts: 3 of the poison, 1 of each flaky charge")
        .isEqualTo(5);
    assertThat(registry.get("herald.events.retried").tags(handling).counter().count())
        .as("retries: 2 of the poison, 1 of each flaky charge")
        .isEqualTo(4);
    assertThat(
            registry
                .get("herald.events.dead_lettered")
                .tags(handling)
                .tag("reason", "retries-exhausted")
                .counter()
                .count())
        .as("dead letters for retries-exhausted")
        .isEqualTo(1);
    assertThat(registry.find("herald.events.dead_lettered").meters())
        .as("dead-letter counters (other reasons)")
        .hasSize(1);
    assertThat(
            registry
                .get("herald.handler.duration")
                .tags(handling)
                .tag("outcome", "success")
                .timer()
                .count())
        .as("attempts timed as a success")
        .isEqualTo(7);
    assertThat(
            registry
                .get("herald.handler.duration")
                .tags(handling)
                .tag("outcome", "failure")
                .timer()
                .count())
        .as("attempts timed as a failure")
        .isEqualTo(5);
    assertThat(calls.get(poison.id()))
        .as("handler calls for the poison")
        .isEqualTo(FAST_RETRY.maxAttempts());
    List<ContractEvent> succeeded = new ArrayList<>(charges);
    succeeded.add(done);
    assertThat(recorder.counts()).as("handled once each").isEqualTo(onceEach(succeeded));
  }

  // ---------------------------------------------------------------- helpers

  /** {@code name} made unique to this test, for a consumer group or a service. */
  protected final String group(String name) {
    return fixture.group(name);
  }

  private static HandlerOptions defaults() {
    return HandlerOptions.defaults();
  }

  private EventBus publisher() {
    return fixture.publisher();
  }

  private List<String> keysInOnePartition(int count) {
    return fixture.keysInOnePartition(count);
  }

  /** A bus on the transport under test; see {@link MiddlewareFixture#consumer}. */
  private EventBus consumer(
      Recorder recorder,
      String instance,
      Map<String, Integer> calls,
      Fault fault,
      HandlerOptions options) {
    return fixture.consumer(
        fixture.transport(), recorder, instance, calls, fault, options, Fault.none());
  }

  /** Waits until {@code letters} lists {@code count} pending dead letters, and returns them. */
  private List<DeadLetter> awaitDeadLetters(DeadLetters letters, int count)
      throws InterruptedException {
    return Await.until(
        count + " pending dead letters in group " + letters.group(),
        awaitTimeout(),
        DEAD_LETTER_POLL,
        () -> letters.list(DeadLetterFilter.all()),
        list -> list.size() >= count);
  }

  /** The {@code herald.consumer.lag} gauge of {@code group}'s bus for {@code partition}. */
  private double lag(SimpleMeterRegistry registry, String group, int partition) {
    return registry
        .get("herald.consumer.lag")
        .tags("service", group, "group", group, "topic", fixture.topic())
        .tag("partition", Integer.toString(partition))
        .gauge()
        .value();
  }
}
