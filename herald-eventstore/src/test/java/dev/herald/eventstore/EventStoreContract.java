package dev.herald.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.HeraldException;
import dev.herald.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} backend promises, as a JUnit suite: a backend's test class extends
 * this one and says how to open (and, if it persists, reopen) its store. Each test uses stream
 * names of its own, so a backend may share one store between tests.
 *
 * <p>Waits are bounded ({@link RecordingListener#WAIT}); "nothing more arrives" is shown by a
 * marker event appended afterwards arriving next, never by sleeping.
 */
public abstract class EventStoreContract {
  /** A fresh or shared store for one test. */
  protected abstract EventStore openStore();

  /**
   * The same store opened again after {@link #store} was closed, for backends that keep events
   * across a restart; empty-handed backends return null and the persistence tests are skipped.
   */
  protected EventStore reopenStore() {
    return null;
  }

  protected EventStore store;
  private final List<EventSubscription> subscriptions = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  public void open() {
    store = openStore();
  }

  @AfterEach
  public void close() {
    subscriptions.forEach(EventSubscription::close);
    if (store != null) {
      store.close();
    }
  }

  /** A stream name unique to this test run, in {@code category}. */
  protected String stream(String category, String id) {
    return category + "-" + run + id;
  }

  protected static NewEvent event(String type, String data) {
    return new NewEvent(
        UUID.randomUUID().toString(),
        type,
        data.getBytes(StandardCharsets.UTF_8),
        Map.of("correlationid", "c-" + data));
  }

  private static List<NewEvent> events(String prefix, int count) {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event("test.happened", prefix + i));
    }
    return events;
  }

  private EventSubscription subscribe(StreamFilter filter, long from, RecordingListener listener) {
    EventSubscription subscription = store.subscribe(filter, from, listener);
    subscriptions.add(subscription);
    return subscription;
  }

  private static List<String> data(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::dataAsString).toList();
  }

  // ------------------------------------------------------------------ appending and reading

  @Test
  public void append_storesTheEventsInOrder_withVersionsFromZeroAndIncreasingPositions() {
    String order = stream("order", "1");
    List<NewEvent> appended = events("e", 3);

    AppendResult result = store.append(order, ExpectedVersion.noStream(), appended);

    List<RecordedEvent> read = store.read(order, 0, Direction.FORWARDS, 100);
    assertThat(result.nextExpectedVersion()).isEqualTo(2);
    assertThat(read).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L);
    assertThat(read)
        .extracting(RecordedEvent::id)
        .containsExactlyElementsOf(appended.stream().map(NewEvent::id).toList());
    assertThat(data(read)).containsExactly("e0", "e1", "e2");
    assertThat(read).allSatisfy(e -> assertThat(e.stream()).isEqualTo(order));
    assertThat(read).allSatisfy(e -> assertThat(e.type()).isEqualTo("test.happened"));
    assertThat(read.get(1).metadata()).containsEntry("correlationid", "c-e1");
    assertThat(read.get(0).position()).isLessThan(read.get(1).position());
    assertThat(read.get(1).position()).isLessThan(read.get(2).position());
    assertThat(read.get(2).position()).isEqualTo(result.lastPosition());
    assertThat(store.version(order)).isEqualTo(2);
    assertThat(store.lastPosition()).isGreaterThanOrEqualTo(result.lastPosition());
  }

  @Test
  public void read_fromAVersion_forwardsAndBackwards_withALimit() {
    String order = stream("order", "2");
    store.append(order, ExpectedVersion.noStream(), events("e", 5));

    assertThat(data(store.read(order, 2, Direction.FORWARDS, 2))).containsExactly("e2", "e3");
    assertThat(data(store.read(order, Long.MAX_VALUE, Direction.BACKWARDS, 2)))
        .containsExactly("e4", "e3");
    assertThat(data(store.read(order, 1, Direction.BACKWARDS, 10))).containsExactly("e1", "e0");
    assertThat(store.read(order, 5, Direction.FORWARDS, 10)).isEmpty();
    assertThat(store.read(stream("order", "missing"), 0, Direction.FORWARDS, 10)).isEmpty();
    assertThat(store.version(stream("order", "missing"))).isEqualTo(-1);
  }

  @Test
  public void readAll_returnsEveryStreamInPositionOrder_fromAPosition() {
    String a = stream("order", "a");
    String b = stream("payment", "b");
    long start = store.lastPosition() + 1;
    store.append(a, ExpectedVersion.any(), List.of(event("t", "a0")));
    store.append(b, ExpectedVersion.any(), List.of(event("t", "b0")));
    AppendResult last = store.append(a, ExpectedVersion.any(), List.of(event("t", "a1")));

    List<RecordedEvent> all = mine(store.readAll(start, 1000));

    assertThat(data(all)).containsExactly("a0", "b0", "a1");
    assertThat(all.get(2).position()).isEqualTo(last.lastPosition());
    assertThat(data(mine(store.readAll(all.get(1).position(), 1000)))).containsExactly("b0", "a1");
    assertThat(store.readAll(all.get(0).position(), 1)).hasSize(1);
  }

  /** Only this test's events: a shared store may hold other tests' too. */
  private List<RecordedEvent> mine(List<RecordedEvent> events) {
    return events.stream().filter(e -> e.stream().contains(run)).toList();
  }

  // ------------------------------------------------------------------ optimistic concurrency

  @Test
  public void expectedVersion_isChecked_andAMismatchNamesBothVersionsAndStoresNothing() {
    String order = stream("order", "3");
    store.append(order, ExpectedVersion.noStream(), events("e", 2));

    assertThatThrownBy(() -> store.append(order, ExpectedVersion.noStream(), events("x", 1)))
        .isInstanceOfSatisfying(
            WrongExpectedVersionException.class,
            e -> {
              assertThat(e.actual()).isEqualTo(1);
              assertThat(e.expected()).isEqualTo(ExpectedVersion.noStream());
              assertThat(e.stream()).isEqualTo(order);
              assertThat(e).hasMessageContaining("no stream").hasMessageContaining("version 1");
            });
    assertThatThrownBy(() -> store.append(order, ExpectedVersion.exactly(0), events("x", 1)))
        .isInstanceOf(WrongExpectedVersionException.class)
        .hasMessageContaining("version 0")
        .hasMessageContaining("version 1");
    assertThatThrownBy(
            () -> store.append(stream("order", "none"), ExpectedVersion.exists(), events("x", 1)))
        .isInstanceOfSatisfying(
            WrongExpectedVersionException.class, e -> assertThat(e.actual()).isEqualTo(-1));

    assertThat(
            store.append(order, ExpectedVersion.exactly(1), events("y", 1)).nextExpectedVersion())
        .isEqualTo(2);
    assertThat(store.append(order, ExpectedVersion.exists(), events("z", 1)).nextExpectedVersion())
        .isEqualTo(3);
    assertThat(store.append(order, ExpectedVersion.any(), events("w", 1)).nextExpectedVersion())
        .isEqualTo(4);
    assertThat(data(store.read(order, 0, Direction.FORWARDS, 100)))
        .containsExactly("e0", "e1", "y0", "z0", "w0");
    assertThat(store.version(stream("order", "none"))).isEqualTo(-1);
  }

  @Test
  public void concurrentWriters_withExpectedVersions_neverLoseOrDuplicateAnEvent()
      throws Exception {
    String order = stream("order", "busy");
    int writers = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String writer = "w" + w + "-";
        conflicts.add(
            pool.submit(
                () -> {
                  int refused = 0;
                  for (int i = 0; i < each; ) {
                    long version = store.version(order);
                    ExpectedVersion expected =
                        version < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(version);
                    try {
                      store.append(order, expected, List.of(event("t", writer + i)));
                      i++;
                    } catch (WrongExpectedVersionException e) {
                      refused++;
                    }
                  }
                  return refused;
                }));
      }
      for (Future<Integer> f : conflicts) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<RecordedEvent> read = store.read(order, 0, Direction.FORWARDS, 10_000);
    assertThat(read).hasSize(writers * each);
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i).version()).isEqualTo(i);
    }
    assertThat(new HashSet<>(data(read))).hasSize(writers * each);
  }

  // ------------------------------------------------------------------ idempotent retries

  @Test
  public void retryingAnAppendWithTheSameEventIds_writesNothingAndReturnsTheFirstResult() {
    String order = stream("order", "4");
    List<NewEvent> appended = events("e", 2);
    AppendResult first = store.append(order, ExpectedVersion.noStream(), appended);
    store.append(order, ExpectedVersion.exactly(1), events("later", 1));

    AppendResult again = store.append(order, ExpectedVersion.noStream(), appended);
    AppendResult againWithAny = store.append(order, ExpectedVersion.any(), appended);

    assertThat(again).isEqualTo(first);
    assertThat(againWithAny).isEqualTo(first);
    assertThat(data(store.read(order, 0, Direction.FORWARDS, 100)))
        .containsExactly("e0", "e1", "later0");
  }

  @Test
  public void anEventIdUsedElsewhere_isRefused_andNothingOfTheAppendIsStored() {
    String order = stream("order", "5");
    NewEvent used = event("t", "used");
    store.append(order, ExpectedVersion.noStream(), List.of(used));

    String other = stream("order", "6");
    assertThatThrownBy(
            () -> store.append(other, ExpectedVersion.any(), List.of(event("t", "new"), used)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(used.id());

    assertThat(store.version(other)).isEqualTo(-1);
  }

  // ------------------------------------------------------------------ bad input

  @Test
  public void badInput_isRefusedWithAClearError_andNothingIsStored() {
    String order = stream("order", "7");
    assertThatThrownBy(() -> store.append("", ExpectedVersion.any(), events("e", 1)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("stream name");
    assertThatThrownBy(() -> store.append("$all", ExpectedVersion.any(), events("e", 1)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> store.append(order, ExpectedVersion.any(), List.of()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(order);
    NewEvent a = event("t", "a");
    assertThatThrownBy(() -> store.append(order, ExpectedVersion.any(), List.of(a, a)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(a.id());
    assertThatThrownBy(
            () ->
                store.append(
                    order,
                    ExpectedVersion.any(),
                    events("e", EventStore.MAX_EVENTS_PER_APPEND + 1)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(Integer.toString(EventStore.MAX_EVENTS_PER_APPEND));

    assertThat(store.version(order)).isEqualTo(-1);
  }

  // ------------------------------------------------------------------ subscriptions

  @Test
  public void subscription_catchesUp_signalsIt_thenFollowsLive() throws Exception {
    String order = stream("order", "8");
    AppendResult stored = store.append(order, ExpectedVersion.noStream(), events("old", 3));
    long from = stored.lastPosition() - 2;
    RecordingListener listener = new RecordingListener();

    EventSubscription subscription = subscribe(StreamFilter.stream(order), from, listener);

    assertThat(data(listener.take(3))).containsExactly("old0", "old1", "old2");
    listener.awaitCaughtUp();
    store.append(order, ExpectedVersion.exactly(2), events("new", 2));
    assertThat(data(listener.take(2))).containsExactly("new0", "new1");
    assertThat(listener.signals).containsExactly("caught up");
    assertThat(subscription.isLive()).isTrue();
    // the subscription moves past an event once its listener has returned, just after take()
    long resumeAt = store.read(order, 4, Direction.FORWARDS, 1).get(0).position() + 1;
    assertThat(
            Await.until(
                "the subscription to resume after the last event",
                RecordingListener.WAIT,
                Duration.ofMillis(1),
                subscription::nextPosition,
                next -> next == resumeAt))
        .isEqualTo(resumeAt);
  }

  @Test
  public void subscription_fromAPosition_deliversOnlyFromThere() throws Exception {
    String order = stream("order", "9");
    store.append(order, ExpectedVersion.noStream(), events("e", 4));
    long third = store.read(order, 2, Direction.FORWARDS, 1).get(0).position();
    RecordingListener listener = new RecordingListener();

    subscribe(StreamFilter.stream(order), third, listener);

    assertThat(data(listener.take(2))).containsExactly("e2", "e3");
  }

  @Test
  public void categorySubscription_takesOnlyItsCategory_inPositionOrderAcrossStreams()
      throws Exception {
    String order1 = stream("order", "c1");
    String order2 = stream("order", "c2");
    String payment = stream("payment", "c3");
    String orderLike = "orderx-" + run;
    long start = store.lastPosition() + 1;
    RecordingListener listener = new RecordingListener();
    subscribe(StreamFilter.category("order"), start, listener);
    listener.awaitCaughtUp();

    store.append(order1, ExpectedVersion.any(), List.of(event("t", "o1")));
    store.append(payment, ExpectedVersion.any(), List.of(event("t", "p")));
    store.append(orderLike, ExpectedVersion.any(), List.of(event("t", "not an order")));
    store.append(order2, ExpectedVersion.any(), List.of(event("t", "o2")));
    store.append(order1, ExpectedVersion.any(), List.of(event("t", "o3")));

    List<RecordedEvent> taken = listener.take(3);
    assertThat(data(taken)).containsExactly("o1", "o2", "o3");
    assertThat(taken.get(0).position()).isLessThan(taken.get(1).position());
    assertThat(taken.get(1).position()).isLessThan(taken.get(2).position());
  }

  @Test
  public void allSubscription_seesEveryConcurrentAppendOnce_inPositionOrder() throws Exception {
    long start = store.lastPosition() + 1;
    RecordingListener listener = new RecordingListener();
    subscribe(StreamFilter.all(), start, listener);
    int writers = 4;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String s = stream("load", "w" + w);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    store.append(s, ExpectedVersion.any(), List.of(event("t", s + "/" + i)));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<RecordedEvent> seen = new ArrayList<>();
    while (seen.size() < writers * each) {
      seen.addAll(mine(listener.take(1)));
    }
    Set<String> distinct = new HashSet<>(data(seen));
    assertThat(distinct).hasSize(writers * each);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).position()).isGreaterThan(seen.get(i - 1).position());
    }
  }

  @Test
  public void aListenerThatThrows_stopsItsSubscription_andIsToldWhy() throws Exception {
    String order = stream("order", "10");
    RecordingListener listener = new RecordingListener();
    listener.failWith = new IllegalStateException("projection table is gone");
    store.append(order, ExpectedVersion.noStream(), events("e", 2));

    subscribe(StreamFilter.stream(order), 0, listener);

    listener.awaitStopped();
    assertThat(listener.stoppedWith.get()).hasMessageContaining("projection table is gone");
    assertThat(listener.calls).hasValue(1);
  }

  @Test
  public void closingASubscription_stopsIt_andTellsTheListener() throws Exception {
    String order = stream("order", "11");
    RecordingListener listener = new RecordingListener();
    EventSubscription subscription = subscribe(StreamFilter.stream(order), 0, listener);
    listener.awaitCaughtUp();

    subscription.close();

    listener.awaitStopped();
    assertThat(listener.stoppedWith.get()).isNull();
    store.append(order, ExpectedVersion.any(), events("after", 1));
    assertThat(listener.events).isEmpty();
  }

  // ------------------------------------------------------------------ checkpoints and restarts

  @Test
  public void checkpoints_areSavedAndLoadedByName() {
    String name = "projection-" + run;
    assertThat(store.checkpoints().load(name)).isEmpty();

    store.checkpoints().save(name, 42);
    store.checkpoints().save(name, 43);
    store.checkpoints().save(name + "-other", 7);

    assertThat(store.checkpoints().load(name)).hasValue(43);
    assertThat(store.checkpoints().load(name + "-other")).hasValue(7);
  }

  @Test
  public void reopening_keepsEventsVersionsPositionsAndCheckpoints() {
    String order = stream("order", "12");
    AppendResult result = store.append(order, ExpectedVersion.noStream(), events("e", 3));
    store.checkpoints().save("projection-" + run, result.lastPosition() + 1);
    List<RecordedEvent> before = store.read(order, 0, Direction.FORWARDS, 10);
    store.close();
    store = reopenStore();
    assumeTrue(store != null, "the backend does not persist");

    assertThat(store.read(order, 0, Direction.FORWARDS, 10)).isEqualTo(before);
    assertThat(store.version(order)).isEqualTo(2);
    assertThat(store.checkpoints().load("projection-" + run)).hasValue(result.lastPosition() + 1);
    assertThat(store.append(order, ExpectedVersion.exactly(2), events("f", 1)).lastPosition())
        .isGreaterThan(result.lastPosition());
  }
}
