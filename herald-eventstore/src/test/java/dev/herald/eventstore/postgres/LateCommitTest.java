package dev.herald.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.RecordingListener;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Appends that commit out of position order, held open on a connection of the test's own with the
 * store's real append statements: readers never skip them, and gaps they leave by rolling back do
 * not hold readers back.
 */
class LateCommitTest {
  private static String schema;
  private PostgresEventStore store;
  private final List<EventSubscription> subscriptions = new ArrayList<>();

  @BeforeAll
  static void takeSchema() {
    schema = PostgresTestDatabase.newSchema();
  }

  @AfterAll
  static void dropSchema() {
    PostgresTestDatabase.dropSchema(schema);
  }

  @BeforeEach
  void open() {
    store = PostgresEventStore.builder().url(PostgresTestDatabase.url()).schema(schema).open();
  }

  @AfterEach
  void close() {
    subscriptions.forEach(EventSubscription::close);
    store.close();
  }

  @Test
  void lateCommit_isHeldBackUntilItCommits_thenDeliveredFirst() throws Exception {
    long start = store.lastPosition() + 1;
    RecordingListener listener = subscribeToAll(start);
    AppendResult a;
    AppendResult b;
    AppendResult c;

    try (Connection held = PostgresTestDatabase.connect()) {
      held.setAutoCommit(false);
      a = store.appendIn(held, "late-a", ExpectedVersion.noStream(), events("a"));
      b = store.append("late-b", ExpectedVersion.noStream(), events("b"));
      c = store.append("late-c", ExpectedVersion.noStream(), events("c"));

      assertThat(a.lastPosition()).isLessThan(b.lastPosition());
      // b and c are committed, but a may still commit before them: nothing is readable yet
      assertThat(store.readAll(start, 100)).isEmpty();
      assertThat(store.lastPosition()).isLessThan(a.lastPosition());
      assertThat(listener.events).isEmpty();

      held.commit();
    }

    List<RecordedEvent> delivered = listener.take(3);
    assertThat(delivered)
        .extracting(RecordedEvent::stream)
        .containsExactly("late-a", "late-b", "late-c");
    assertThat(delivered)
        .extracting(RecordedEvent::position)
        .containsExactly(a.lastPosition(), b.lastPosition(), c.lastPosition());
    assertThat(store.lastPosition()).isGreaterThanOrEqualTo(c.lastPosition());
  }

  @Test
  void rolledBackAppend_leavesAGapThatNoLongerHoldsReadersBack() throws Exception {
    long start = store.lastPosition() + 1;
    RecordingListener listener = subscribeToAll(start);
    AppendResult after;

    try (Connection held = PostgresTestDatabase.connect()) {
      held.setAutoCommit(false);
      AppendResult rolledBack =
          store.appendIn(held, "gone-d", ExpectedVersion.noStream(), events("d1", "d2"));
      after = store.append("kept-e", ExpectedVersion.noStream(), events("e"));
      assertThat(rolledBack.lastPosition()).isLessThan(after.lastPosition());
      assertThat(store.readAll(start, 100)).isEmpty();

      held.rollback();
    }

    // no notification announces a rollback: the subscription finds out by polling
    assertThat(listener.take(1)).extracting(RecordedEvent::stream).containsExactly("kept-e");
    assertThat(store.readAll(start, 100))
        .extracting(RecordedEvent::position)
        .containsExactly(after.lastPosition());
    assertThat(store.lastPosition()).isEqualTo(after.lastPosition());
    assertThat(store.version("gone-d")).isEqualTo(-1);
  }

  @Test
  void concurrentWriters_withRollbacksAndRaces_areDeliveredWithoutSkippingAPosition()
      throws Exception {
    long start = store.lastPosition() + 1;
    RecordingListener listener = subscribeToAll(start);
    int writers = 4;
    int each = 40;
    AtomicInteger committed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String own = "load-w" + w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    if (i % 8 == 3) {
                      // held open across another append of this writer, then rolled back
                      try (Connection held = PostgresTestDatabase.connect()) {
                        held.setAutoCommit(false);
                        store.appendIn(held, own + "-gone", ExpectedVersion.any(), events("x"));
                        store.append(own, ExpectedVersion.any(), events(own + "/" + i));
                        held.rollback();
                      }
                    } else {
                      // every writer also appends to one shared stream: races for its versions
                      String stream = i % 3 == 0 ? "load-shared" : own;
                      store.append(stream, ExpectedVersion.any(), events(own + "/" + i));
                    }
                    committed.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<RecordedEvent> delivered = listener.take(committed.get());
    List<Long> stored = readAllFrom(start);
    assertThat(delivered).extracting(RecordedEvent::position).containsExactlyElementsOf(stored);
    assertThat(stored).hasSize(writers * each).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void heldAppend_checksTheExpectedVersion_likeEveryAppend() throws Exception {
    store.append("held-f", ExpectedVersion.noStream(), events("f"));
    try (Connection held = PostgresTestDatabase.connect()) {
      held.setAutoCommit(false);

      assertThatThrownBy(
              () -> store.appendIn(held, "held-f", ExpectedVersion.noStream(), events("g")))
          .isInstanceOfSatisfying(
              WrongExpectedVersionException.class, e -> assertThat(e.actual()).isZero());
      held.rollback();
    }
  }

  private RecordingListener subscribeToAll(long from) throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    subscriptions.add(store.subscribe(StreamFilter.all(), from, listener));
    listener.awaitCaughtUp();
    return listener;
  }

  private List<Long> readAllFrom(long start) {
    List<Long> positions = new ArrayList<>();
    long next = start;
    for (List<RecordedEvent> page = store.readAll(next, 100);
        !page.isEmpty();
        page = store.readAll(next, 100)) {
      page.forEach(e -> positions.add(e.position()));
      next = page.get(page.size() - 1).position() + 1;
    }
    return positions;
  }

  private static List<NewEvent> events(String... data) {
    List<NewEvent> events = new ArrayList<>();
    for (String d : data) {
      events.add(NewEvent.of("test.happened", d.getBytes(StandardCharsets.UTF_8)));
    }
    return events;
  }
}
