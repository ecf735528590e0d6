package dev.herald.eventstore.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration EVERY = Duration.ofMillis(5);

  private final EventStore store = new InMemoryEventStore();
  private final Totals totals = new Totals();
  private Projector<Totals.View> projector;

  @AfterEach
  void close() {
    if (projector != null) {
      projector.close();
    }
    store.close();
  }

  /**
   * Revenue per customer, in generations kept in memory like tables: a view per generation, the
   * dropped ones remembered. Idempotent: it skips an event whose stream version it already holds.
   */
  static final class Totals implements Projection<Totals.View> {
    record View(int generation, Map<String, Long> revenue, Map<String, Long> versions) {}

    final Map<Integer, View> generations = new ConcurrentHashMap<>();
    final Set<Integer> dropped = ConcurrentHashMap.newKeySet();
    final AtomicInteger applied = new AtomicInteger();
    volatile long multiplier = 1;
    volatile String failWith;
    volatile CountDownLatch holdGeneration2 = new CountDownLatch(0);

    @Override
    public String name() {
      return "revenue";
    }

    @Override
    public StreamFilter filter() {
      return StreamFilter.category("order");
    }

    @Override
    public View open(int generation) {
      return generations.computeIfAbsent(
          generation, g -> new View(g, new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    }

    @Override
    public void apply(View view, RecordedEvent event) throws Exception {
      if (failWith != null) {
        throw new IllegalStateException(failWith);
      }
      if (view.generation() == 2) {
        holdGeneration2.await();
      }
      if (view.versions().getOrDefault(event.stream(), -1L) >= event.version()) {
        return;
      }
      String data = event.dataAsString();
      int colon = data.indexOf(':');
      view.revenue()
          .merge(
              data.substring(0, colon),
              Long.parseLong(data.substring(colon + 1)) * multiplier,
              Long::sum);
      view.versions().put(event.stream(), event.version());
      applied.incrementAndGet();
    }

    @Override
    public void drop(View view, int generation) {
      generations.remove(generation);
      dropped.add(generation);
    }
  }

  private void order(String stream, String customer, long cents) {
    store.append(
        stream,
        ExpectedVersion.any(),
        List.of(
            NewEvent.of(
                "shop.order.placed", (customer + ":" + cents).getBytes(StandardCharsets.UTF_8))));
  }

  private void awaitApplied(long position) throws InterruptedException {
    Await.until(
        "the projection to reach position " + position,
        WAIT,
        EVERY,
        () -> projector.position(),
        p -> p >= position);
  }

  @Test
  void storedAndLiveEvents_ofItsStreams_reachTheView_andTheCheckpoint() throws Exception {
    order("order-1", "ada", 500);
    store.append(
        "payment-1",
        ExpectedVersion.any(),
        List.of(NewEvent.of("x", "not:an order".getBytes(StandardCharsets.UTF_8))));

    projector = Projector.start(store, totals);
    Await.until("live", WAIT, EVERY, projector::isLive, b -> b);
    order("order-2", "ada", 250);
    order("order-3", "bob", 100);
    awaitApplied(store.lastPosition() + 1);

    assertThat(projector.view().revenue())
        .containsExactlyInAnyOrderEntriesOf(Map.of("ada", 750L, "bob", 100L));
    assertThat(projector.generation()).isEqualTo(1);
    projector.close();
    assertThat(store.checkpoints().load("projection.revenue.g1"))
        .hasValue(store.lastPosition() + 1);
  }

  @Test
  void aRestartedProjector_resumesAtItsCheckpoint() throws Exception {
    order("order-1", "ada", 500);
    projector = Projector.start(store, totals);
    awaitApplied(store.lastPosition() + 1);
    projector.close();
    order("order-2", "ada", 1);

    projector = Projector.start(store, totals);
    awaitApplied(store.lastPosition() + 1);

    assertThat(totals.applied).hasValue(2);
    assertThat(projector.view().revenue()).containsEntry("ada", 501L);
  }

  @Test
  void aRebuild_fillsTheNextGenerationWhileTheOldServes_thenSwapsAndDropsTheOld() throws Exception {
    order("order-1", "ada", 500);
    order("order-2", "bob", 100);
    projector = Projector.start(store, totals);
    awaitApplied(store.lastPosition() + 1);
    Totals.View first = projector.view();
    totals.multiplier = 10; // the new code counts differently
    totals.holdGeneration2 = new CountDownLatch(1);

    CompletableFuture<Integer> swapped = projector.rebuild();
    order("order-3", "ada", 1);
    awaitApplied(store.lastPosition() + 1);

    assertThat(swapped).isNotDone();
    assertThat(projector.view()).isSameAs(first);
    assertThat(projector.generation()).isEqualTo(1);
    assertThatThrownBy(() -> projector.rebuild())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("already rebuilding generation 2");

    totals.holdGeneration2.countDown();
    assertThat(swapped.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);

    assertThat(projector.generation()).isEqualTo(2);
    assertThat(projector.view().revenue()).containsEntry("ada", 5010L).containsEntry("bob", 1000L);
    assertThat(totals.dropped).containsExactly(1);
    assertThat(store.checkpoints().load("projection.revenue.generation")).hasValue(2);
    order("order-4", "bob", 1);
    awaitApplied(store.lastPosition() + 1);
    assertThat(projector.view().revenue()).containsEntry("bob", 1010L);

    projector.close();
    projector = Projector.start(store, totals);
    assertThat(projector.generation()).isEqualTo(2);
    assertThat(projector.view().revenue()).containsEntry("bob", 1010L);
  }

  @Test
  void aFailingApply_isRetriedFromTheCheckpoint_andNothingIsLost() throws Exception {
    order("order-1", "ada", 1);
    totals.failWith = "read model database is down";
    projector = Projector.start(store, totals);
    Await.until("the failure to show", WAIT, EVERY, projector::failure, f -> f != null);
    assertThat(projector.failure()).hasMessageContaining("read model database is down");
    order("order-2", "ada", 2);

    totals.failWith = null;
    awaitApplied(store.lastPosition() + 1);

    assertThat(projector.view().revenue()).containsEntry("ada", 3L);
    Await.until("the failure to clear", WAIT, EVERY, projector::failure, f -> f == null);
  }
}
