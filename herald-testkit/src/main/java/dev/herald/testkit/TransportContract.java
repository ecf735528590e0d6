package dev.herald.testkit;

import static dev.herald.testkit.ContractData.BURST;
import static dev.herald.testkit.ContractData.byPosition;
import static dev.herald.testkit.ContractData.bytes;
import static dev.herald.testkit.ContractData.checksum;
import static dev.herald.testkit.ContractData.concat;
import static dev.herald.testkit.ContractData.differences;
import static dev.herald.testkit.ContractData.envelope;
import static dev.herald.testkit.ContractData.event;
import static dev.herald.testkit.ContractData.handledMoreThanOnce;
import static dev.herald.testkit.ContractData.ids;
import static dev.herald.testkit.ContractData.intersection;
import static dev.herald.testkit.ContractData.keyedEvents;
import static dev.herald.testkit.ContractData.partitionsIn;
import static dev.herald.testkit.ContractData.randomText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.InvalidEnvelopeException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

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
 * <p>Delivery semantics (groups, order per key, redelivery, restarts) are checked through {@link
 * EventBus}, as services see them; positions, commits, seek and pause through the SPI directly.
 * Every test opens a fresh transport and uses a topic and consumer groups of its own. Waits are
 * bounded by {@link #awaitTimeout()}; where a test checks that nothing more arrives, it first
 * publishes a marker to every partition and waits for the markers, so per-partition order makes the
 * check sound without sleeping.
 *
 * <p>This class is longer than 400 lines on purpose: a transport author should find every promise
 * of the SPI, with the test that checks it, in one place. Helpers that are not tests live in {@link
 * Recorder}, {@link ListenerLog} and {@link ContractData}.
 */
public abstract class TransportContract {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration PROBE_WAIT = Duration.ofMillis(250);
  private static final Duration REDELIVERY_DELAY = Duration.ofMillis(20);
  private static final String SPI_EVENT_TYPE = "herald.contract.raw";
  private static final String SPI_MARKER_TYPE = "herald.contract.marker";
  private static final int MEBIBYTE = 1 << 20;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<Integer, String> keysByPartition = new HashMap<>();
  private Transport transport;
  private String token;
  private String topic;
  private EventTypes types;
  private EventBus publisher;

  /** For subclasses. */
  protected TransportContract() {}

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

  /** What the transport promises; the suite checks that the transport reports the same. */
  protected abstract Features features();

  /**
   * How long a test waits for something to arrive before it fails; 30 seconds unless overridden.
   */
  protected Duration awaitTimeout() {
    return Duration.ofSeconds(30);
  }

  /** Opens the transport and names this test's topic, groups and event type. */
  @BeforeEach
  protected void openFixture(TestInfo info) {
    token = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    topic = "contract." + method + "." + token;
    types = new EventTypes();
    types.register(ContractEvent.class, "herald.contract.event", 1, topic, "key");
    transport = openTransport();
  }

  /** Closes every bus and subscription the test opened, then the transport. */
  @AfterEach
  protected void closeFixture() {
    closeAll();
    transport.close();
  }

  // ---------------------------------------------------------------- features

  /** The transport reports the features its test class declares. */
  @Test
  public void features_matchWhatTheTransportReports() {
    assertThat(transport.features()).isEqualTo(features());
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

  // ---------------------------------------------------------------- the SPI directly

  /**
   * Append returns one position per envelope in input order, in the partition the key picks, with
   * offsets growing in input order; reading back finds each envelope, unchanged, at its position.
   */
  @Test
  public void append_returnsPositionsInInputOrder() throws Exception {
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      envelopes.add(envelope(SPI_EVENT_TYPE, "key-" + (i % 37), bytes("event " + i)));
    }

    List<Position> positions = append(envelopes);

    assertThat(positions).hasSize(envelopes.size());
    Map<Integer, Long> lastOffset = new HashMap<>();
    for (int i = 0; i < positions.size(); i++) {
      Position position = positions.get(i);
      String key = envelopes.get(i).partitionKey().orElseThrow();
      assertThat(position.topic()).as("topic of position %d", i).isEqualTo(topic);
      assertThat(position.partition())
          .as("partition of position %d (key %s)", i, key)
          .isEqualTo(Partitioner.partition(key, partitions()));
      Long last = lastOffset.put(position.partition(), position.offset());
      assertThat(position.offset())
          .as("offset of position %d, after %s in its partition", i, last)
          .isGreaterThan(last == null ? -1 : last);
    }
    Subscription reader = subscribe(group("reader"), StartPosition.earliest());
    List<Envelope> markers = appendMarkers();
    Map<Position, Envelope> read = byPosition(readUntil(reader, markers));
    for (int i = 0; i < envelopes.size(); i++) {
      assertThat(read.get(positions.get(i)))
          .as("envelope %d read back at %s", i, positions.get(i))
          .isEqualTo(envelopes.get(i));
    }
  }

  /**
   * After a member commits and leaves, the next member of the group starts each partition at the
   * committed offset, whatever start position it asks for.
   */
  @Test
  public void commit_nextSubscriptionOfTheGroupStartsThere() throws Exception {
    String group = group("committing");
    Map<Integer, List<Position>> positionsByPartition = appendPerPartition(6);
    Subscription first = subscribe(group, StartPosition.earliest());
    readUntil(first, appendMarkers());
    assertThat(first.assignment()).as("partitions of the only member").hasSize(partitions());
    Map<Integer, Long> commits = new HashMap<>();
    positionsByPartition.forEach((p, positions) -> commits.put(p, positions.get(4).offset()));
    first.commit(commits);
    first.close();

    Subscription second = subscribe(group, StartPosition.latest());
    List<Delivery> read =
        pollUntil(
            second,
            "a delivery from every partition",
            all -> partitionsIn(all).size() == partitions());
    Map<Integer, Long> firstOffsets = new TreeMap<>();
    for (Delivery delivery : read) {
      firstOffsets.putIfAbsent(delivery.partition(), delivery.offset());
    }
    Map<Integer, Long> expected = new TreeMap<>();
    positionsByPartition.forEach((p, positions) -> expected.put(p, positions.get(4).offset()));
    assertThat(firstOffsets).as("first offset read per partition").isEqualTo(expected);
  }

  /**
   * When a second member joins, partitions move through the listeners: the first member hears
   * {@code onRevoked} for each partition it gives up, the second {@code onAssigned} for each it
   * takes, no partition is owned twice, and a commit made inside {@code onRevoked} is where the new
   * owner starts.
   */
  @Test
  public void rebalance_movesPartitionsThroughTheListeners() throws Exception {
    assumeTrue(partitions() >= 2, "sharing partitions between two members needs two");
    String group = group("rebalancing");
    Map<Integer, List<Position>> positions = appendPerPartition(6);
    AtomicReference<Subscription> firstRef = new AtomicReference<>();
    ListenerLog firstLog =
        new ListenerLog(
            revoked -> {
              // Pretend everything up to offset 3 of a revoked partition was handled.
              Map<Integer, Long> commits = new HashMap<>();
              revoked.forEach(p -> commits.put(p, positions.get(p).get(3).offset()));
              firstRef.get().commit(commits);
            });
    Subscription first =
        track(transport.subscribe(topic, group, StartPosition.earliest(), firstLog));
    firstRef.set(first);
    readUntil(first, appendMarkers());
    assertThat(firstLog.assigned()).as("first member's assigned partitions").hasSize(partitions());

    ListenerLog secondLog = new ListenerLog(revoked -> {});
    Subscription second =
        track(transport.subscribe(topic, group, StartPosition.earliest(), secondLog));
    List<Delivery> secondRead = new ArrayList<>();
    long deadline = deadline();
    while (!balanced(first, second) || !partitionsIn(secondRead).containsAll(second.assignment())) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "expected the partitions to be shared out within %s, but the first member owns %s"
                + " and the second %s, which read from %s",
            awaitTimeout(), first.assignment(), second.assignment(), partitionsIn(secondRead));
      }
      first.poll(POLL);
      secondRead.addAll(second.poll(POLL));
    }

    Set<Integer> moved = second.assignment();
    assertThat(firstLog.revoked())
        .as("partitions the first member was told to give up")
        .containsAll(moved);
    assertThat(secondLog.assigned())
        .as("partitions the second member was told it took")
        .isEqualTo(moved);
    Map<Integer, Long> firstOffsets = new TreeMap<>();
    secondRead.forEach(d -> firstOffsets.putIfAbsent(d.partition(), d.offset()));
    Map<Integer, Long> committed = new TreeMap<>();
    moved.forEach(p -> committed.put(p, positions.get(p).get(3).offset()));
    assertThat(firstOffsets)
        .as("first offset the second member read per partition (committed in onRevoked)")
        .isEqualTo(committed);
  }

  private boolean balanced(Subscription first, Subscription second) {
    Set<Integer> a = first.assignment();
    Set<Integer> b = second.assignment();
    Set<Integer> union = new HashSet<>(a);
    union.addAll(b);
    return !a.isEmpty()
        && !b.isEmpty()
        && union.size() == a.size() + b.size()
        && union.size() == partitions();
  }

  /** Seek makes the next poll of a partition start at the given offset, back or forward. */
  @Test
  public void seek_movesTheNextReadOfAPartition() throws Exception {
    assumeTrue(partitions() >= 2, "seeking two partitions needs two");
    Map<Integer, List<Position>> positions = appendPerPartition(10);
    Subscription reader = subscribe(group("seeker"), StartPosition.earliest());
    Map<Position, Envelope> all = byPosition(readUntil(reader, appendMarkers()));

    Position back = positions.get(0).get(2);
    Position forward = positions.get(1).get(8);
    reader.seek(0, back.offset());
    reader.seek(1, forward.offset());
    List<Delivery> read =
        pollUntil(reader, "deliveries from partitions 0 and 1", d -> partitionsIn(d).size() >= 2);

    Map<Integer, Delivery> firstByPartition = new TreeMap<>();
    read.forEach(d -> firstByPartition.putIfAbsent(d.partition(), d));
    assertThat(firstByPartition.get(0).position()).as("after seeking back").isEqualTo(back);
    assertThat(firstByPartition.get(0).envelope()).isEqualTo(all.get(back));
    assertThat(firstByPartition.get(1).position()).as("after seeking forward").isEqualTo(forward);
    assertThat(firstByPartition.get(1).envelope()).isEqualTo(all.get(forward));
  }

  /** A paused partition delivers nothing, while staying owned, until it is resumed. */
  @Test
  public void pause_holdsAPartitionUntilResumed() throws Exception {
    assumeTrue(partitions() >= 2, "pausing one partition while reading another needs two");
    Subscription reader = subscribe(group("pausing"), StartPosition.earliest());
    readUntil(reader, appendMarkers());
    reader.pause(List.of(0));

    List<Envelope> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(envelope(SPI_EVENT_TYPE, keyFor(0), bytes("held " + i)));
    }
    append(held);
    Envelope flowing = envelope(SPI_MARKER_TYPE, keyFor(1), bytes("flowing"));
    append(List.of(flowing));
    List<Delivery> whilePaused = readUntil(reader, List.of(flowing));

    assertThat(partitionsIn(whilePaused))
        .as("partitions delivered while partition 0 was paused")
        .doesNotContain(0);
    assertThat(reader.assignment()).as("assignment while paused").contains(0);
    reader.resume(List.of(0));
    List<Delivery> afterResume = readUntil(reader, held);
    assertThat(afterResume.stream().filter(d -> d.partition() == 0).map(Delivery::envelope))
        .as("partition 0 after resume")
        .containsExactlyElementsOf(held);
  }

  /** Wakeup makes a poll that is waiting for events return at once. */
  @Test
  public void wakeup_endsAWaitingPoll() throws Exception {
    Subscription reader = subscribe(group("sleeper"), StartPosition.latest());
    CompletableFuture<List<Delivery>> poll = new CompletableFuture<>();
    Thread poller =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    poll.complete(reader.poll(Duration.ofMinutes(10)));
                  } catch (InterruptedException | RuntimeException e) {
                    poll.completeExceptionally(e);
                  }
                });
    try {
      reader.wakeup();
      assertThat(poll).as("a poll of 10 minutes after wakeup").succeedsWithin(awaitTimeout());
    } finally {
      poller.interrupt();
    }
  }

  /** An envelope with exactly {@link Features#maxEventBytes()} bytes of data is accepted. */
  @Test
  public void append_acceptsDataOfMaxEventBytes() throws Exception {
    byte[] data = new byte[features().maxEventBytes()];
    ThreadLocalRandom.current().nextBytes(data);
    Envelope largest = envelope(SPI_EVENT_TYPE, keyFor(0), data);

    Position position = append(List.of(largest)).get(0);

    Subscription reader = subscribe(group("reader"), StartPosition.earliest());
    Map<Position, Envelope> read = byPosition(readUntil(reader, List.of(largest)));
    assertThat(read.get(position)).as("the envelope read back").isEqualTo(largest);
  }

  /**
   * An envelope with more data than {@link Features#maxEventBytes()} is refused with a {@link
   * HeraldException} and not stored.
   */
  @Test
  public void append_rejectsDataAboveMaxEventBytes() throws Exception {
    Envelope tooLarge;
    try {
      tooLarge = envelope(SPI_EVENT_TYPE, keyFor(0), new byte[features().maxEventBytes() + 1]);
    } catch (InvalidEnvelopeException e) {
      assumeTrue(false, "envelopes themselves refuse more data than the transport: " + e);
      return;
    }

    CompletableFuture<List<Position>> refused = transport.append(topic, List.of(tooLarge));

    assertThat(refused)
        .failsWithin(awaitTimeout())
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(HeraldException.class);
    Subscription reader = subscribe(group("reader"), StartPosition.earliest());
    Envelope marker = envelope(SPI_MARKER_TYPE, keyFor(0), bytes("after"));
    append(List.of(marker));
    List<Delivery> read = readUntil(reader, List.of(marker));
    assertThat(read.stream().map(d -> d.envelope().id()))
        .as("ids stored in partition 0")
        .containsExactly(marker.id());
  }

  // ---------------------------------------------------------------- fixture

  private String group(String name) {
    return name + "-" + token;
  }

  private EventBus.Builder builder(String service) {
    return EventBus.builder(service)
        .transport(transport)
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
      publisher = track(builder("publisher-" + token).build());
    }
    return publisher;
  }

  private Subscription subscribe(String group, StartPosition start) {
    return track(transport.subscribe(topic, group, start, RebalanceListener.none()));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    synchronized (closeables) {
      closeables.add(closeable);
    }
    return closeable;
  }

  private void closeAll() {
    List<AutoCloseable> open;
    synchronized (closeables) {
      open = new ArrayList<>(closeables);
      closeables.clear();
    }
    RuntimeException failure = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing what the test opened failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    publisher = null;
    if (failure != null) {
      throw failure;
    }
  }

  private void reopen() {
    closeAll();
    transport.close();
    transport = reopenTransport();
  }

  private long deadline() {
    return System.nanoTime() + awaitTimeout().toNanos();
  }

  private int partitions() {
    return transport.partitions(topic);
  }

  /** A key that the partitioner puts into {@code partition}. */
  private String keyFor(int partition) {
    return keysByPartition.computeIfAbsent(
        partition,
        p -> {
          int count = partitions();
          for (int i = 0; ; i++) {
            String key = "p" + p + "-" + i;
            if (Partitioner.partition(key, count) == p) {
              return key;
            }
          }
        });
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

  // ---------------------------------------------------------------- envelopes

  private List<Position> append(List<Envelope> envelopes) throws Exception {
    try {
      return transport
          .append(topic, envelopes)
          .get(awaitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return fail(
          "append of %d envelopes did not complete within %s", envelopes.size(), awaitTimeout());
    }
  }

  /** Appends {@code count} envelopes to every partition; returns their positions by partition. */
  private Map<Integer, List<Position>> appendPerPartition(int count) throws Exception {
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < partitions(); p++) {
        envelopes.add(envelope(SPI_EVENT_TYPE, keyFor(p), bytes("partition " + p + " #" + i)));
      }
    }
    Map<Integer, List<Position>> byPartition = new TreeMap<>();
    for (Position position : append(envelopes)) {
      byPartition.computeIfAbsent(position.partition(), p -> new ArrayList<>()).add(position);
    }
    return byPartition;
  }

  /** Appends a marker envelope to every partition and returns them. */
  private List<Envelope> appendMarkers() throws Exception {
    List<Envelope> markers = new ArrayList<>();
    for (int p = 0; p < partitions(); p++) {
      markers.add(envelope(SPI_MARKER_TYPE, keyFor(p), bytes("marker")));
    }
    append(markers);
    return markers;
  }

  /** Polls until every one of {@code expected} was delivered; returns everything delivered. */
  private List<Delivery> readUntil(Subscription subscription, Collection<Envelope> expected)
      throws InterruptedException {
    Set<String> ids = new HashSet<>();
    expected.forEach(e -> ids.add(e.id()));
    return pollUntil(
        subscription,
        expected.size() + " given envelopes",
        all -> all.stream().map(d -> d.envelope().id()).toList().containsAll(ids));
  }

  /**
   * Polls until {@code done} holds for everything delivered so far; checks that each poll returns
   * every partition's deliveries in offset order.
   */
  private List<Delivery> pollUntil(
      Subscription subscription, String what, Predicate<List<Delivery>> done)
      throws InterruptedException {
    List<Delivery> all = new ArrayList<>();
    long deadline = deadline();
    while (!done.test(all)) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "expected %s within %s, but polled only %d deliveries, from partitions %s",
            what, awaitTimeout(), all.size(), partitionsIn(all));
      }
      List<Delivery> batch = subscription.poll(POLL);
      Map<Integer, Long> last = new HashMap<>();
      for (Delivery delivery : batch) {
        Long previous = last.put(delivery.partition(), delivery.offset());
        assertThat(delivery.offset())
            .as("offset of %s after %s in one poll", delivery.position(), previous)
            .isGreaterThan(previous == null ? -1 : previous);
      }
      all.addAll(batch);
    }
    return all;
  }
}
