package dev.herald.testkit;

import static dev.herald.testkit.ContractData.byPosition;
import static dev.herald.testkit.ContractData.bytes;
import static dev.herald.testkit.ContractData.envelope;
import static dev.herald.testkit.ContractData.partitionsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.InvalidEnvelopeException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.CommittedOffsets;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * The half of the {@link TransportContract} that talks to the {@link Transport} SPI directly: the
 * hooks a transport's test class implements, the per-test fixture, and the tests of what the SPI
 * promises (positions returned by append, commits, seek, pause and resume, wakeup, rebalance
 * listeners, the largest event, the declared features, the topics and committed offsets it
 * reports). Delivery semantics as services see them, through {@code EventBus}, are tested by {@link
 * TransportContract}, which extends this class; transport test classes extend {@link
 * TransportContract} and so inherit the tests of both.
 *
 * <p>Every test opens a fresh transport and uses a topic and consumer groups of its own. Waits are
 * bounded by {@link #awaitTimeout()}. The fixture and wait helpers shared by both halves are
 * protected here; helpers that are not tests live in {@link Recorder}, {@link ListenerLog} and
 * {@link ContractData}.
 */
public abstract class TransportSpiContract {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String SPI_EVENT_TYPE = "herald.contract.raw";
  private static final String SPI_MARKER_TYPE = "herald.contract.marker";

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<Integer, String> keysByPartition = new HashMap<>();
  private Transport transport;
  private String token;
  private String topic;

  /** For subclasses. */
  protected TransportSpiContract() {}

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

  /** Opens the transport and names this test's topic and groups. */
  @BeforeEach
  protected void openFixture(TestInfo info) {
    token = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    topic = "contract." + method + "." + token;
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
   * A transport that tells its end offsets tells, for every partition, the offset after the last
   * event appended and acknowledged: what a reader must reach to have read everything.
   */
  @Test
  public void endOffsets_whenTold_areAfterTheLastAppendedEventOfEachPartition() throws Exception {
    Map<Integer, List<Position>> positionsByPartition = appendPerPartition(3);

    Optional<Map<Integer, Long>> ends = transport.endOffsets(topic);

    assumeTrue(ends.isPresent(), "this transport does not tell its end offsets");
    Map<Integer, Long> expected = new HashMap<>();
    positionsByPartition.forEach(
        (p, positions) -> expected.put(p, positions.get(positions.size() - 1).offset() + 1));
    assertThat(ends.get()).isEqualTo(expected);
  }

  /** A transport that tells its topics lists a topic once an event was appended to it. */
  @Test
  public void topics_whenTold_includeATopicAppendedTo() throws Exception {
    append(List.of(envelope(SPI_EVENT_TYPE, keyFor(0), bytes("here"))));

    Optional<Set<String>> topics = transport.topics();

    assumeTrue(topics.isPresent(), "this transport does not tell its topics");
    assertThat(topics.get()).as("topics of the transport").contains(topic);
  }

  /**
   * A transport that tells committed offsets reports, for a group that committed on the topic, the
   * offsets of its latest commit, and nothing for a group that joined and read without committing.
   */
  @Test
  public void committedOffsets_whenTold_reportTheLatestCommitOfGroupsThatCommitted()
      throws Exception {
    assumeTrue(
        transport.committedOffsets().isPresent(), "this transport does not tell committed offsets");
    String committing = group("committing");
    String idle = group("idle");
    List<Position> positions = appendPerPartition(3).get(0);
    List<Envelope> markers = appendMarkers();
    Subscription committer = subscribe(committing, StartPosition.earliest());
    readUntil(committer, markers);
    readUntil(subscribe(idle, StartPosition.earliest()), markers);
    assertThat(committer.assignment()).as("partitions of the committing member").contains(0);

    long next = positions.get(1).offset() + 1;
    committer.commit(Map.of(0, next));

    assertThat(committedOnTopic())
        .as("committed offsets on the topic after the first commit (group %s never commits)", idle)
        .containsExactly(new CommittedOffsets(committing, topic, Map.of(0, next)));

    committer.commit(Map.of(0, next + 1));

    assertThat(committedOnTopic())
        .as("committed offsets on the topic after committing again")
        .containsExactly(new CommittedOffsets(committing, topic, Map.of(0, next + 1)));
  }

  private List<CommittedOffsets> committedOnTopic() {
    return transport.committedOffsets().orElseThrow().stream()
        .filter(c -> c.topic().equals(topic))
        .toList();
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

  /** The transport under test; a new one after {@link #reopen()}. */
  protected final Transport transport() {
    return transport;
  }

  /** This test's topic. */
  protected final String topic() {
    return topic;
  }

  /** {@code name} made unique to this test, for a consumer group or a service. */
  protected final String group(String name) {
    return name + "-" + token;
  }

  private Subscription subscribe(String group, StartPosition start) {
    return track(transport.subscribe(topic, group, start, RebalanceListener.none()));
  }

  /** Registers {@code closeable} to be closed after the test, or on {@link #reopen()}. */
  protected final <T extends AutoCloseable> T track(T closeable) {
    synchronized (closeables) {
      closeables.add(closeable);
    }
    return closeable;
  }

  /**
   * Closes everything {@link #track tracked}, newest first; throws after trying all if any failed.
   */
  protected void closeAll() {
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
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Closes everything the test opened and the transport, then opens the same storage again with
   * {@link #reopenTransport()}.
   */
  protected final void reopen() {
    closeAll();
    transport.close();
    transport = reopenTransport();
  }

  /** The {@link System#nanoTime()} at which a wait that starts now has to give up. */
  protected final long deadline() {
    return System.nanoTime() + awaitTimeout().toNanos();
  }

  /** How many partitions this test's topic has. */
  protected final int partitions() {
    return transport.partitions(topic);
  }

  /** A key that the partitioner puts into {@code partition}. */
  protected final String keyFor(int partition) {
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
