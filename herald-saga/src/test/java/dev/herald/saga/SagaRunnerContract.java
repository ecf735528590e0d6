package dev.herald.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.HandlerOptions;
import dev.herald.core.Position;
import dev.herald.core.RetryPolicy;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.ForwardingEventStore;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.WrongExpectedVersionException;
import dev.herald.saga.example.Fulfilment;
import dev.herald.saga.example.ShopEvents.OrderPlaced;
import dev.herald.saga.example.ShopEvents.OrderShipped;
import dev.herald.saga.example.ShopEvents.PaymentCaptured;
import dev.herald.saga.example.ShopEvents.ReserveStock;
import dev.herald.saga.example.ShopEvents.StockReserved;
import dev.herald.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@link SagaRunner} promises on a real bus and store, run against each backend: the
 * fulfilment saga end to end, duplicates, a publish that fails or is lost, a crash between a step
 * and its publish, deadlines across restarts, and concurrent events for one instance.
 */
abstract class SagaRunnerContract {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Duration EVERY = Duration.ofMillis(5);
  static final Duration POLL = Duration.ofMillis(10);

  /** Where the bus's topics and the saga's streams live, and how a process restart looks. */
  interface Backend {
    Transport transport();

    EventStore store();

    /** Closes and reopens what a process restart would; memory keeps them, as a broker would. */
    void restart();

    void close();
  }

  abstract Backend open(Path directory);

  @TempDir Path directory;
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<AutoCloseable> open = new ArrayList<>();
  Backend backend;
  FlakyTransport flaky;
  EventBus shop;

  @BeforeEach
  void openBackend() {
    backend = open(directory);
    flaky = new FlakyTransport(backend.transport());
    shop = keep(EventBus.builder("shop").transport(backend.transport()).build());
  }

  @AfterEach
  void closeAll() throws Exception {
    closeProcess();
    backend.close();
  }

  private void closeProcess() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
    open.clear();
  }

  /** Stops everything this "process" runs, restarts the backend, and opens a new shop bus. */
  void restart() throws Exception {
    closeProcess();
    backend.restart();
    flaky = flaky.over(backend.transport());
    shop = keep(EventBus.builder("shop").transport(backend.transport()).build());
  }

  <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  SagaRunner<Fulfilment> fulfilment() {
    return fulfilment(bus -> {});
  }

  SagaRunner<Fulfilment> fulfilment(Consumer<EventBus.Builder> bus) {
    return keep(
        SagaRunner.builder(Fulfilment.SAGA)
            .transport(flaky)
            .store(backend.store())
            .clock(clock)
            .service("orders")
            .pollInterval(POLL)
            .configureBus(bus)
            .start());
  }

  List<StepRecord> steps(String key) {
    List<StepRecord> steps = new ArrayList<>();
    for (RecordedEvent e : records(key)) {
      if (StepRecords.decode(e) instanceof StepRecords.Step(StepRecord step)) {
        steps.add(step);
      }
    }
    return steps;
  }

  List<RecordedEvent> records(String key) {
    return backend.store().read(Fulfilment.SAGA.stream(key), 0, Direction.FORWARDS, 1000);
  }

  long sentMarkers(String key) {
    return records(key).stream().filter(e -> e.type().equals(StepRecords.SENT_TYPE)).count();
  }

  List<Envelope> awaitStored(String topic, String type, int count) throws InterruptedException {
    return Await.until(
        count + " " + type + " stored on " + topic,
        WAIT,
        EVERY,
        () -> flaky.stored(topic, type),
        stored -> stored.size() >= count);
  }

  static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException {
    return Await.until(what, WAIT, EVERY, probe, done);
  }

  void awaitTicks(SagaRunner<?> runner, int ticks) throws InterruptedException {
    long from = runner.scheduler().ticks();
    await(
        "the scheduler to look " + ticks + " times",
        runner.scheduler()::ticks,
        t -> t >= from + ticks);
  }

  /**
   * Places an order and answers its stock reservation, as inventory would: only once the saga asked
   * (an answer that overtook the order would find no instance, and be ignored).
   */
  void placeAndReserve(String orderId) throws InterruptedException {
    int before = flaky.stored("shop.stock", "shop.stock.reserve").size();
    shop.publish(new OrderPlaced(orderId, "sku-7", 2, 1500));
    awaitStored("shop.stock", "shop.stock.reserve", before + 1);
    shop.publish(new StockReserved(orderId));
  }

  @Test
  void anOrder_runsThroughEveryStep_andWhatTheSagaSendsCarriesTheFlow() throws Exception {
    SagaRunner<Fulfilment> runner = fulfilment();

    shop.publish(new OrderPlaced("o-1", "sku-7", 2, 1500));
    Envelope reserve = awaitStored("shop.stock", "shop.stock.reserve", 1).get(0);
    shop.publish(new StockReserved("o-1"));
    awaitStored("shop.payment", "shop.payment.charge", 1);
    shop.publish(new PaymentCaptured("o-1"));
    awaitStored("shop.shipping", "shop.shipping.ship", 1);
    shop.publish(new OrderShipped("o-1"));

    SagaInstance<Fulfilment> done =
        await("the saga to end", () -> runner.instance("o-1").orElseThrow(), SagaInstance::ended);
    assertThat(done.state().status()).isEqualTo(Fulfilment.Status.SHIPPED);
    assertThat(done.deadlines()).isEmpty();
    String placedId = steps("o-1").get(0).trigger();
    assertThat(reserve.correlationId()).contains(placedId);
    assertThat(reserve.causationId()).contains(placedId);
    assertThat(reserve.source()).isEqualTo("orders");
    assertThat(reserve.partitionKey()).contains("o-1");
    assertThat(reserve.id()).isEqualTo(steps("o-1").get(0).outbox().get(0).envelope().id());
  }

  @Test
  void aDuplicatedEvent_runsItsStepOnce() throws Exception {
    Transport duplicating =
        new ForwardingTransport(backend.transport()) {
          @Override
          public CompletableFuture<List<Position>> append(String topic, List<Envelope> events) {
            List<Envelope> twice = new ArrayList<>(events);
            twice.addAll(events);
            return super.append(topic, twice);
          }

          @Override
          public void close() {}
        };
    EventBus producer = keep(EventBus.builder("shop").transport(duplicating).build());
    SagaRunner<Fulfilment> runner = fulfilment();

    producer.publish(new OrderPlaced("o-1", "sku-7", 2, 1500));
    await("both copies handled", runner::handled, n -> n >= 2);

    assertThat(flaky.stored("shop.stock", "shop.stock.reserve")).hasSize(1);
    assertThat(steps("o-1")).hasSize(1);
  }

  @Test
  void aPublishTheTransportRefuses_isSentAgainWithTheSameIds() throws Exception {
    flaky.refuseNext("shop.stock");
    SagaRunner<Fulfilment> runner = fulfilment();

    shop.publish(new OrderPlaced("o-1", "sku-7", 2, 1500));
    Envelope reserve = awaitStored("shop.stock", "shop.stock.reserve", 1).get(0);
    await("the send to be marked", () -> sentMarkers("o-1"), n -> n == 1);

    assertThat(flaky.refused()).isEqualTo(1);
    assertThat(reserve.id()).isEqualTo(steps("o-1").get(0).outbox().get(0).envelope().id());
    assertThat(steps("o-1")).hasSize(1);
    assertThat(runner.instance("o-1").orElseThrow().state().status())
        .isEqualTo(Fulfilment.Status.PLACED);
  }

  @Test
  void aCrashAfterTheStepIsStored_butBeforeItsEventsAre_sendsThemAfterTheRestart_withTheirIds()
      throws Exception {
    flaky.down("shop.stock");
    // No retries: the event is dead-lettered, so only the restarted runner can send the events.
    fulfilment(bus -> bus.retry(RetryPolicy.none()));
    shop.publish(new OrderPlaced("o-1", "sku-7", 2, 1500));
    await("the step stored and its send refused", () -> flaky.refused(), n -> n >= 1);
    assertThat(steps("o-1")).hasSize(1);
    assertThat(flaky.stored("shop.stock")).isEmpty();

    restart();
    fulfilment();

    Envelope reserve = awaitStored("shop.stock", "shop.stock.reserve", 1).get(0);
    await("the send to be marked", () -> sentMarkers("o-1"), n -> n == 1);
    assertThat(reserve.id()).isEqualTo(steps("o-1").get(0).outbox().get(0).envelope().id());
    assertThat(flaky.stored("shop.stock")).hasSize(1);
    assertThat(steps("o-1")).hasSize(1);
  }

  @Test
  void aLostAcknowledgement_sendsADuplicateWithTheSameId_thatAnIdempotentConsumerHandlesOnce()
      throws Exception {
    AtomicInteger reservations = new AtomicInteger();
    AtomicBoolean marker = new AtomicBoolean();
    EventBus inventory = keep(EventBus.builder("inventory").transport(backend.transport()).build());
    inventory.on(
        ReserveStock.class,
        (reserve, context) -> {
          if (reserve.sku().equals("marker")) {
            marker.set(true);
          } else {
            reservations.incrementAndGet();
          }
        },
        HandlerOptions.builder().idempotent().build());
    inventory.start();
    flaky.loseAckNext("shop.stock");
    fulfilment();

    shop.publish(new OrderPlaced("o-1", "sku-7", 2, 1500));
    await("the send to be marked", () -> sentMarkers("o-1"), n -> n == 1);
    // Same key, so inventory handles it after both copies: then it has seen everything before.
    shop.publish(new ReserveStock("o-1", "marker", 0));
    await("inventory to reach the marker", marker::get, seen -> seen);

    List<String> ids = flaky.stored("shop.stock").stream().map(Envelope::id).toList();
    assertThat(ids).hasSize(2).containsOnly(steps("o-1").get(0).outbox().get(0).envelope().id());
    assertThat(reservations).hasValue(1);
  }

  @Test
  void aDeadline_firesOnceTheClockPassesIt_andNotBefore() throws Exception {
    SagaRunner<Fulfilment> runner = fulfilment();
    placeAndReserve("o-1");
    Envelope charge = awaitStored("shop.payment", "shop.payment.charge", 1).get(0);
    await("the scheduler to know the deadline", runner.scheduler()::pendingDeadlines, n -> n == 1);

    clock.advance(Fulfilment.PAYMENT_TIMEOUT.minusMillis(1));
    awaitTicks(runner, 2);
    assertThat(flaky.stored("shop.order")).isEmpty();

    clock.advance(Duration.ofMillis(1));
    Envelope cancel = awaitStored("shop.order", "shop.order.cancel", 1).get(0);

    assertThat(flaky.stored("shop.stock", "shop.stock.release")).hasSize(1);
    assertThat(cancel.correlationId()).isEqualTo(charge.correlationId());
    assertThat(cancel.causationId()).isEqualTo(charge.causationId());
    assertThat(cancel.extension("sagadeadline")).contains(Fulfilment.PAYMENT);
    assertThat(cancel.time()).contains(clock.instant());
    assertThat(runner.instance("o-1").orElseThrow().ended()).isTrue();
  }

  @Test
  void aCancelledDeadline_neverFires() throws Exception {
    SagaRunner<Fulfilment> runner = fulfilment();
    placeAndReserve("o-1");
    awaitStored("shop.payment", "shop.payment.charge", 1);
    shop.publish(new PaymentCaptured("o-1"));
    awaitStored("shop.shipping", "shop.shipping.ship", 1);
    await("the scheduler to see the cancel", runner.scheduler()::pendingDeadlines, n -> n == 0);

    clock.advance(Duration.ofDays(1));
    awaitTicks(runner, 3);

    assertThat(flaky.stored("shop.order")).isEmpty();
    assertThat(flaky.stored("shop.stock", "shop.stock.release")).isEmpty();
    SagaInstance<Fulfilment> instance = runner.instance("o-1").orElseThrow();
    assertThat(instance.ended()).isFalse();
    assertThat(instance.deadlines()).isEmpty();
  }

  @Test
  void aPendingDeadline_survivesARestart_andFiresOnce_evenWithTwoRunners() throws Exception {
    fulfilment();
    placeAndReserve("o-1");
    awaitStored("shop.payment", "shop.payment.charge", 1);

    restart();
    SagaRunner<Fulfilment> first = fulfilment();
    SagaRunner<Fulfilment> second = fulfilment();
    assertThat(first.instance("o-1").orElseThrow().deadlines()).containsKey(Fulfilment.PAYMENT);
    await("both to know the deadline", () -> first.isLive() && second.isLive(), live -> live);
    clock.advance(Fulfilment.PAYMENT_TIMEOUT);

    awaitStored("shop.order", "shop.order.cancel", 1);
    awaitTicks(first, 3);
    awaitTicks(second, 3);
    assertThat(flaky.stored("shop.order", "shop.order.cancel")).hasSize(1);
    assertThat(flaky.stored("shop.stock", "shop.stock.release")).hasSize(1);
    assertThat(first.instance("o-1").orElseThrow().ended()).isTrue();
  }

  @EventType(name = "test.tally.ticked", key = "key")
  record Ticked(String key, int n) {}

  @EventType(name = "test.tock.tocked", key = "key")
  record Tocked(String key, int n) {}

  record Tally(List<String> items) {}

  private static <E> Saga<Tally> tallyOf(Class<E> type, Function<E, String> key) {
    return Saga.builder("tally", Tally.class, new Tally(List.of()))
        .startedBy(
            type,
            key,
            (tally, event, context) -> {
              List<String> items = new ArrayList<>(tally.items());
              items.add(event.toString());
              return new Tally(items);
            })
        .build();
  }

  @Test
  void concurrentEventsForOneInstance_fromTwoRunners_loseNoUpdate() throws Exception {
    AtomicInteger conflicts = new AtomicInteger();
    EventStore counting =
        new ForwardingEventStore(backend.store()) {
          @Override
          public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> e) {
            try {
              return super.append(stream, expected, e);
            } catch (WrongExpectedVersionException conflict) {
              conflicts.incrementAndGet();
              throw conflict;
            }
          }
        };
    // Two processes, each handling one topic: their steps on instance k really overlap.
    List<SagaRunner<Tally>> runners = new ArrayList<>();
    for (Saga<Tally> saga :
        List.of(tallyOf(Ticked.class, Ticked::key), tallyOf(Tocked.class, Tocked::key))) {
      runners.add(
          keep(
              SagaRunner.builder(saga)
                  .transport(flaky)
                  .store(counting)
                  .clock(clock)
                  .pollInterval(POLL)
                  .start()));
    }
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(new Ticked("k", i));
      events.add(new Tocked("k", i));
    }

    shop.publish(events);
    await(
        "all 80 events handled",
        () -> runners.get(0).handled() + runners.get(1).handled(),
        n -> n >= 80);

    List<String> items = runners.get(0).instance("k").orElseThrow().state().items();
    assertThat(items)
        .as("after %d conflicts between the two runners", conflicts.get())
        .hasSize(80)
        .doesNotHaveDuplicates();
  }
}
