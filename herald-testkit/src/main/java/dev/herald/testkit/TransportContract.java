package dev.herald.testkit;

import static dev.herald.testkit.ContractData.BURST;
import static dev.herald.testkit.ContractData.checksum;
import static dev.herald.testkit.ContractData.concat;
import static dev.herald.testkit.ContractData.differences;
import static dev.herald.testkit.ContractData.event;
import static dev.herald.testkit.ContractData.handledMoreThanOnce;
import static dev.herald.testkit.ContractData.ids;
import static dev.herald.testkit.ContractData.intersection;
import static dev.herald.testkit.ContractData.keyedEvents;
import static dev.herald.testkit.ContractData.randomText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Transport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises every {@link Transport} keeps, as a JUnit suite: a transport's test class extends
 * this one, says how to open the transport and what it promises, and inherits every test.
 *
 * <pre>{@code
 * class LogTransportContractTest extends TransportContract {
 *   @TempDir Path dir;
 *
 *   protected Transport openTransport() { return Transports.open("log:" + dir); }
 *   protected Transport reopenTransport() { return Transports.open("log:" + dir); }
 *   protected Features features() { return new Features(true, false, 8 << 20); }
 * }
 * }</pre>
 *
 * <p>This class holds the delivery semantics, checked through {@link EventBus} as services see
 * them: every group gets every event, one instance per group handles each, order per key,
 * redelivery after a failing handler, start positions, restart and handover within a group,
 * persistence across a reopen, a large batch, events of 1 MiB and concurrent publishers. The hooks
 * the example implements, the per-test fixture and the tests of the SPI itself (positions, commits,
 * seek, pause, wakeup, rebalance listeners, the largest event, the declared features) are in {@link
 * TransportSpiContract}, which this class extends.
 *
 * <p>Every test opens a fresh transport and uses a topic and consumer groups of its own. Waits are
 * bounded by {@link #awaitTimeout()}; where a test checks that nothing more arrives, it first
 * publishes a marker to every partition and waits for the markers, so per-partition order makes the
 * check sound without sleeping.
 */
public abstract class TransportContract extends TransportSpiContract {
  private static final Duration PROBE_WAIT = Duration.ofMillis(250);
  private static final Duration REDELIVERY_DELAY = Duration.ofMillis(20);
  private static final int MEBIBYTE = 1 << 20;

  private EventTypes types;
  private EventBus publisher;

  /** For subclasses. */
  protected TransportContract() {}

  /** Registers the contract's event under this test's topic, after {@link #openFixture}. */
  @BeforeEach
  protected void registerEventType() {
    types = new EventTypes();
    types.register(ContractEvent.class, "herald.contract.event", 1, topic(), "key");
  }

  /** Also forgets the publisher, so that the next {@code publisher()} opens a new one. */
  @Override
  protected void closeAll() {
    try {
      super.closeAll();
    } finally {
      publisher = null;
    }
  }

  // ---------------------------------------------------------------- delivery, through EventBus

  /** Every published event reaches every consumer group. */
  @Test
  public void publish_reachesEveryGroup() throws Exception {
    List<Recorder> groups =
        List.of(new Recorder(group("a")), new Recorder(group("b")), new Recorder(group("c")));
    for (Recorder recorder : groups) {
      consumer(recorder, "1", StartPosition.earliest()).start();
    }

    List<ContractEvent> events = keyedEvents("k", 30, 10, 0);
    publisher().publish(events);
    List<String> markers = publishMarkers();

    for (Recorder recorder : groups) {
      recorder.await("the markers", markers, awaitTimeout());
      assertThat(recorder.missing(ids(events)))
          .as("events published but never handled by group %s", recorder.group())
          .isEmpty();
    }
  }

  /**
   * Inside one group each event is handled by exactly one instance, and every instance gets a share
   * of the partitions.
   */
  @Test
  public void publish_goesToExactlyOneInstanceOfAGroup() throws Exception {
    Recorder workers = new Recorder(group("workers"));
    List<EventBus> instances = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      instances.add(consumer(workers, "instance-" + i, StartPosition.earliest()));
    }
    instances.forEach(EventBus::start);

    // Joining a group can take a while on a distributed transport: publish rounds until every
    // instance that can own a partition has handled something.
    int expectedInstances = Math.min(instances.size(), partitions());
    List<String> published = new ArrayList<>();
    long deadline = deadline();
    int round = 0;
    do {
      List<ContractEvent> events = keyedEvents("r" + round + "-k", 40, 1, 0);
      publisher().publish(events);
      published.addAll(ids(events));
      List<String> markers = publishMarkers();
      published.addAll(markers);
      workers.await("round " + round, markers, awaitTimeout());
      round++;
    } while (workers.instances().size() < expectedInstances && System.nanoTime() - deadline < 0);

    assertThat(workers.instances())
        .as("instances of group %s that handled events", workers.group())
        .hasSize(expectedInstances);
    assertThat(workers.missing(published)).as("events never handled").isEmpty();
    assertThat(handledMoreThanOnce(workers))
        .as("events handled more than once within one group (id -> instances)")
        .isEmpty();
  }

  /**
   * Order per key holds for every group, with 200 keys published from several threads at once, both
   * for a group of one instance and for a group of two.
   */
  @Test
  public void publish_keepsOrderPerKey() throws Exception {
    int keys = 200;
    int perKey = 15;
    int threads = 4;
    Recorder solo = new Recorder(group("solo"));
    Recorder pair = new Recorder(group("pair"));
    consumer(solo, "1", StartPosition.earliest()).start();
    consumer(pair, "1", StartPosition.earliest()).start();
    consumer(pair, "2", StartPosition.earliest()).start();

    List<String> published = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        // Each key belongs to one thread, so its sequence numbers are published in order.
        futures.add(pool.submit(() -> publishInOrder(thread, threads, keys, perKey)));
      }
      for (Future<List<String>> future : futures) {
        published.addAll(future.get(awaitTimeout().toMillis(), TimeUnit.MILLISECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> markers = publishMarkers();

    for (Recorder recorder : List.of(solo, pair)) {
      recorder.await("the markers", markers, awaitTimeout());
      assertThat(recorder.orderViolations())
          .as("order per key in group %s", recorder.group())
          .isEmpty();
      assertThat(recorder.missing(published))
          .as("events never handled by group %s", recorder.group())
          .isEmpty();
    }
  }

  private List<String> publishInOrder(int thread, int threads, int keys, int perKey) {
    List<String> ids = new ArrayList<>();
    List<ContractEvent> batch = new ArrayList<>();
    int batches = 0;
    for (int first = 0; first < perKey; first += BURST) {
      for (int key = thread; key < keys; key += threads) {
        for (int sequence = first; sequence < Math.min(first + BURST, perKey); sequence++) {
          batch.add(event("key-" + key, sequence, "t" + thread));
        }
        if (batch.size() >= 8) {
          ids.addAll(publishMixed(batch, batches++));
          batch.clear();
        }
      }
    }
    ids.addAll(publishMixed(batch, batches));
    return ids;
  }

  /** Publishes {@code batch} in one call, or one by one, alternating with {@code index}. */
  private List<String> publishMixed(List<ContractEvent> batch, int index) {
    if (index % 2 == 0) {
      publisher().publish(batch);
    } else {
      batch.forEach(publisher()::publish);
    }
    return ids(batch);
  }

  /** A group that joins late starts at the oldest event when asked for the earliest. */
  @Test
  public void startFrom_earliestReadsEventsPublishedBeforeTheGroupJoined() throws Exception {
    List<ContractEvent> before = eventsPerPartition(5);
    publisher().publish(before);

    Recorder late = new Recorder(group("late"));
    consumer(late, "1", StartPosition.earliest()).start();
    List<String> markers = publishMarkers();

    late.await("the markers", markers, awaitTimeout());
    assertThat(late.missing(ids(before))).as("events published before the group joined").isEmpty();
  }

  /** A group that joins late and asks for the latest sees only what is published after it joins. */
  @Test
  public void startFrom_latestSkipsEventsPublishedBeforeTheGroupJoined() throws Exception {
    List<ContractEvent> before = eventsPerPartition(5);
    publisher().publish(before);

    Recorder late = new Recorder(group("late"));
    consumer(late, "1", StartPosition.latest()).start();
    awaitReadingEveryPartition(late);
    List<ContractEvent> after = eventsPerPartition(5);
    publisher().publish(after);
    List<String> markers = publishMarkers();

    late.await("the markers", markers, awaitTimeout());
    assertThat(late.missing(ids(after))).as("events published after the group joined").isEmpty();
    assertThat(intersection(late.ids(), ids(before)))
        .as("events published before the group joined, which it should have skipped")
        .isEmpty();
  }

  /** A group that joins late at a given offset starts every partition there. */
  @Test
  public void startFrom_offsetStartsEveryPartitionThere() throws Exception {
    List<ContractEvent> events = eventsPerPartition(8);
    List<Position> positions = publisher().publish(events);
    List<String> expected = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      (positions.get(i).offset() >= 3 ? expected : skipped).add(events.get(i).id());
    }

    Recorder late = new Recorder(group("late"));
    consumer(late, "1", StartPosition.offset(3)).start();
    List<String> markers = publishMarkers();

    late.await("the markers", markers, awaitTimeout());
    assertThat(late.missing(expected)).as("events at offset 3 or later").isEmpty();
    assertThat(intersection(late.ids(), skipped)).as("events before offset 3").isEmpty();
  }

  /** Once a group has committed, it resumes after its commit whatever start position it asks. */
  @Test
  public void startFrom_isIgnoredOnceTheGroupHasCommitted() throws Exception {
    String group = group("committed");
    Recorder first = new Recorder(group);
    EventBus firstBus = consumer(first, "first", StartPosition.earliest());
    firstBus.start();
    List<ContractEvent> handledBefore = eventsPerPartition(5);
    publisher().publish(handledBefore);
    List<String> firstMarkers = publishMarkers();
    first.await("the first markers", firstMarkers, awaitTimeout());
    firstBus.close();

    List<ContractEvent> whileAway = eventsPerPartition(5);
    publisher().publish(whileAway);
    Recorder second = new Recorder(group);
    consumer(second, "second", StartPosition.latest()).start();
    List<String> markers = publishMarkers();

    second.await("the markers", markers, awaitTimeout());
    assertThat(second.missing(ids(whileAway)))
        .as("events published while the group had no member (latest must not skip them)")
        .isEmpty();
    assertThat(intersection(second.ids(), concat(ids(handledBefore), firstMarkers)))
        .as("events handled and committed before, handled again")
        .isEmpty();
  }

  /** An event whose handler fails is delivered again until it succeeds, without losing order. */
  @Test
  public void failingHandler_eventIsRedelivered() throws Exception {
    Recorder recorder = new Recorder(group("flaky"));
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    EventBus bus = track(builder(recorder.group()).build());
    bus.on(
        ContractEvent.class,
        (event, context) -> {
          int attempt = attempts.merge(event.id(), 1, Integer::sum);
          if (failsTwice(event) && attempt <= 2) {
            throw new IllegalStateException("deliberate failure " + attempt + " of " + event.id());
          }
          recorder.record("1", event, context.position());
        });
    bus.start();

    List<ContractEvent> events = keyedEvents("k", 8, 10, 0);
    publisher().publish(events);
    List<String> markers = publishMarkers();

    recorder.await("the markers", markers, awaitTimeout());
    assertThat(recorder.missing(ids(events))).as("events never handled successfully").isEmpty();
    assertThat(recorder.orderViolations()).as("order per key across redeliveries").isEmpty();
    for (ContractEvent event : events) {
      if (failsTwice(event)) {
        assertThat(attempts.get(event.id()))
            .as("attempts at %s, which failed twice", event)
            .isGreaterThanOrEqualTo(3);
      }
    }
  }

  private static boolean failsTwice(ContractEvent event) {
    return !event.marker() && event.sequence() == 2;
  }

  /**
   * A subscriber that closes and comes back in the same group resumes after its last commit:
   * nothing it handled is handled again, nothing published meanwhile is missed.
   */
  @Test
  public void restart_resumesAfterTheLastCommit() throws Exception {
    String group = group("restarting");
    Recorder first = new Recorder(group);
    EventBus firstBus = consumer(first, "first", StartPosition.earliest());
    firstBus.start();
    List<ContractEvent> before = keyedEvents("k", 20, 5, 0);
    publisher().publish(before);
    List<String> firstMarkers = publishMarkers();
    first.await("the first markers", firstMarkers, awaitTimeout());
    firstBus.close();

    List<ContractEvent> after = keyedEvents("k", 20, 5, 5);
    publisher().publish(after);
    Recorder second = new Recorder(first);
    consumer(second, "second", StartPosition.earliest()).start();
    List<String> markers = publishMarkers();

    second.await("the markers", markers, awaitTimeout());
    assertThat(intersection(second.ids(), concat(ids(before), firstMarkers)))
        .as("events handled before the restart, handled again")
        .isEmpty();
    assertThat(second.missing(ids(after))).as("events published while it was away").isEmpty();
    assertThat(second.orderViolations()).as("order per key across the restart").isEmpty();
  }

  /** When an instance of a group closes, the remaining one takes over its partitions. */
  @Test
  public void close_handsPartitionsToTheRemainingInstance() throws Exception {
    Recorder recorder = new Recorder(group("shrinking"));
    EventBus leaving = consumer(recorder, "leaving", StartPosition.earliest());
    EventBus staying = consumer(recorder, "staying", StartPosition.earliest());
    leaving.start();
    staying.start();
    publisher().publish(keyedEvents("k", 40, 1, 0));
    recorder.await("the first markers", publishMarkers(), awaitTimeout());

    leaving.close();
    List<ContractEvent> after = keyedEvents("k", 40, 1, 1);
    publisher().publish(after);
    List<String> markers = publishMarkers();

    recorder.await("the markers", markers, awaitTimeout());
    assertThat(recorder.missing(ids(after))).as("events published after one closed").isEmpty();
    Set<String> afterIds = Set.copyOf(ids(after));
    List<String> byOthers =
        recorder.handled().stream()
            .filter(h -> afterIds.contains(h.event().id()) && !h.instance().equals("staying"))
            .map(h -> h.event().id() + " by " + h.instance())
            .toList();
    assertThat(byOthers).as("events handled by an instance that had closed").isEmpty();
  }

  /** A persistent transport keeps events and committed offsets across close and reopen. */
  @Test
  public void reopen_keepsEventsAndCommittedOffsets() throws Exception {
    assumeTrue(features().persistent(), "the transport does not keep events across a reopen");
    String group = group("durable");
    Recorder before = new Recorder(group);
    consumer(before, "before", StartPosition.earliest()).start();
    List<ContractEvent> events = keyedEvents("k", 10, 5, 0);
    List<Position> positions = publisher().publish(events);
    List<String> firstMarkers = publishMarkers();
    before.await("the first markers", firstMarkers, awaitTimeout());

    reopen();
    Recorder after = new Recorder(group);
    Recorder fresh = new Recorder(group("fresh"));
    consumer(after, "after", StartPosition.earliest()).start();
    consumer(fresh, "fresh", StartPosition.earliest()).start();
    List<String> markers = publishMarkers();

    after.await("the markers", markers, awaitTimeout());
    fresh.await("the markers", markers, awaitTimeout());
    assertThat(intersection(after.ids(), concat(ids(events), firstMarkers)))
        .as("events the group committed before the reopen, handled again")
        .isEmpty();
    assertThat(differences(events, positions, fresh))
        .as("events read back after the reopen by a new group (missing, changed or moved)")
        .isEmpty();
  }

  /** 10 000 events published in one call all arrive, intact, in order per key. */
  @Test
  public void publish_largeBatchArrivesIntact() throws Exception {
    Recorder recorder = new Recorder(group("bulk"));
    consumer(recorder, "1", StartPosition.earliest()).start();
    List<ContractEvent> events = keyedEvents("k", 100, 100, 0);

    List<Position> positions = publisher().publish(events);
    List<String> markers = publishMarkers();

    assertThat(positions).hasSize(events.size());
    recorder.await("the markers", markers, awaitTimeout());
    assertThat(differences(events, positions, recorder))
        .as("events missing, changed or not where publish said")
        .isEmpty();
    assertThat(recorder.orderViolations()).as("order per key").isEmpty();
    assertThat(new HashSet<>(positions)).as("distinct positions").hasSize(events.size());
  }

  /** Events of 1 MiB (or the transport's maximum, if smaller) arrive intact. */
  @Test
  public void publish_oneMebibyteEventsArriveIntact() throws Exception {
    Recorder recorder = new Recorder(group("large"));
    consumer(recorder, "1", StartPosition.earliest()).start();
    int size = Math.min(MEBIBYTE, features().maxEventBytes() - 1024);
    List<ContractEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(event("large-" + i, 0, randomText(size)));
    }

    List<Position> positions = new ArrayList<>(publisher().publish(events.subList(0, 2)));
    positions.add(publisher().publish(events.get(2)));
    List<String> markers = publishMarkers();

    recorder.await("the markers", markers, awaitTimeout());
    assertThat(differences(events, positions, recorder))
        .as("large events missing, changed or not where publish said")
        .isEmpty();
  }

  /**
   * Several threads publishing at once lose nothing: what was acknowledged and what was handled
   * have the same count and the same checksum over ids and payloads.
   */
  @Test
  public void publish_concurrentPublishersLoseNothing() throws Exception {
    Recorder recorder = new Recorder(group("counting"));
    consumer(recorder, "1", StartPosition.earliest()).start();
    int threads = 4;
    int perThread = 500;

    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    List<Position> positions = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Position>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> publishRandomly(perThread, acknowledged)));
      }
      for (Future<List<Position>> future : futures) {
        positions.addAll(future.get(awaitTimeout().toMillis(), TimeUnit.MILLISECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> markers = publishMarkers();

    recorder.await("the markers", markers, awaitTimeout());
    Map<String, String> handled = new HashMap<>();
    recorder.handled().stream()
        .filter(h -> !h.event().marker())
        .forEach(h -> handled.put(h.event().id(), h.event().payload()));
    assertThat(acknowledged).as("acknowledged events").hasSize(threads * perThread);
    assertThat(handled.size()).as("events handled").isEqualTo(acknowledged.size());
    assertThat(checksum(handled))
        .as("CRC32 of the sorted ids and payloads handled vs acknowledged")
        .isEqualTo(checksum(acknowledged));
    assertThat(new HashSet<>(positions)).as("distinct positions").hasSize(threads * perThread);
  }

  private List<Position> publishRandomly(int count, Map<String, String> acknowledged) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Position> positions = new ArrayList<>();
    int published = 0;
    while (published < count) {
      int size = Math.min(count - published, 1 + random.nextInt(10));
      List<ContractEvent> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        batch.add(event("key-" + random.nextInt(64), 0, randomText(random.nextInt(200))));
      }
      List<Position> stored =
          size == 1 ? List.of(publisher().publish(batch.get(0))) : publisher().publish(batch);
      batch.forEach(e -> acknowledged.put(e.id(), e.payload()));
      positions.addAll(stored);
      published += size;
    }
    return positions;
  }

  /**
   * The W3C trace context a publisher writes ({@code traceparent}, {@code tracestate}) reaches the
   * handler unchanged, and what the handler publishes carries it on: spans of services on this
   * transport link parent to child.
   */
  @Test
  public void publish_carriesTheTraceContextToTheHandlerAndOn() throws Exception {
    BlockingQueue<Envelope> handled = new LinkedBlockingQueue<>();
    EventBus relay = track(builder(group("relay")).startFrom(StartPosition.earliest()).build());
    relay.on(
        ContractEvent.class,
        (event, context) -> {
          handled.add(context.envelope());
          if (!event.key().equals("followed")) {
            context.publish(event("followed", 0, "follow-up"));
          }
        });
    relay.start();
    SpanContext caller =
        SpanContext.createFromRemoteParent(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.builder().put("contract", "t1").build());

    try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
      publisher().publish(event("traced", 0, "first"));
    }
    for (String which : List.of("the traced event", "its follow-up")) {
      Envelope envelope = handled.poll(awaitTimeout().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(envelope).as("%s within %s", which, awaitTimeout()).isNotNull();
      assertThat(envelope.extension(Envelope.TRACEPARENT))
          .as("traceparent of %s", which)
          .contains("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      assertThat(envelope.extension("tracestate"))
          .as("tracestate of %s", which)
          .contains("contract=t1");
    }
  }

  // ---------------------------------------------------------------- buses

  private EventBus.Builder builder(String service) {
    return EventBus.builder(service)
        .transport(transport())
        .types(types)
        .redeliveryDelay(REDELIVERY_DELAY)
        .shutdownTimeout(Duration.ofSeconds(10));
  }

  /** A bus in {@code recorder}'s group that records what it handles as {@code instance}. */
  private EventBus consumer(Recorder recorder, String instance, StartPosition start) {
    EventBus bus = track(builder(recorder.group()).startFrom(start).build());
    bus.on(ContractEvent.class, recorder.handler(instance));
    return bus;
  }

  private EventBus publisher() {
    if (publisher == null) {
      publisher = track(builder(group("publisher")).build());
    }
    return publisher;
  }

  // ---------------------------------------------------------------- events

  /** {@code count} events in every partition, each partition under one key. */
  private List<ContractEvent> eventsPerPartition(int count) {
    List<ContractEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < partitions(); p++) {
        events.add(event(keyFor(p), i, "partition " + p + " #" + i));
      }
    }
    return events;
  }

  /** Publishes a marker to every partition and returns their ids. */
  private List<String> publishMarkers() {
    List<ContractEvent> markers = new ArrayList<>();
    for (int p = 0; p < partitions(); p++) {
      markers.add(ContractEvent.markerOf("marker-" + UUID.randomUUID(), keyFor(p)));
    }
    publisher().publish(markers);
    return ids(markers);
  }

  /**
   * Publishes rounds of markers until {@code recorder}'s group handles a whole round, so that it
   * reads every partition from then on.
   */
  private void awaitReadingEveryPartition(Recorder recorder) throws InterruptedException {
    long deadline = deadline();
    while (!recorder.tryAwait(publishMarkers(), PROBE_WAIT)) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "group %s never handled a marker in every partition within %s",
            recorder.group(), awaitTimeout());
      }
    }
  }
}
