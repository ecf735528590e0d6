package dev.herald.eventstore.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.example.Orders.Order;
import dev.herald.eventstore.example.Orders.OrderEvent;
import dev.herald.eventstore.example.Orders.OrderPaid;
import dev.herald.eventstore.memory.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AggregateRepositoryTest {
  private final EventStore store = new InMemoryEventStore();

  @AfterEach
  void close() {
    store.close();
  }

  private AggregateRepository<Order, OrderEvent> repository(int snapshotEvery) {
    return AggregateRepository.builder(store, new Orders(), OrderEvent.class)
        .snapshotEvery(snapshotEvery)
        .build();
  }

  @Test
  void handle_appendsWhatTheCommandDecides_andLoadReplaysIt() {
    AggregateRepository<Order, OrderEvent> orders = repository(0);

    orders.handle("17", order -> Orders.place(order, "17", "sku-1", 500));
    List<OrderEvent> paid = orders.handle("17", order -> order.pay(500));

    assertThat(paid).containsExactly(new OrderPaid("17", 500));
    AggregateRepository.Loaded<Order> loaded = orders.load("17");
    assertThat(loaded.state()).isEqualTo(new Order("17", "paid", 500, 500));
    assertThat(loaded.version()).isEqualTo(1);
    assertThat(store.read("order-17", 0, Direction.FORWARDS, 10))
        .extracting(RecordedEvent::type)
        .containsExactly("example.order.placed", "example.order.paid");
  }

  @Test
  void aFreshRepository_likeOneInANewProcess_readsTheEventsOfEverySubtype() {
    repository(0).handle("1", order -> Orders.place(order, "1", "sku", 100));
    repository(0).handle("1", order -> order.cancel("changed my mind"));

    assertThat(repository(0).load("1").state().status()).isEqualTo("cancelled");
  }

  @Test
  void aRefusedCommand_appendsNothing() {
    AggregateRepository<Order, OrderEvent> orders = repository(0);
    orders.handle("2", order -> Orders.place(order, "2", "sku", 100));

    assertThatThrownBy(() -> orders.handle("2", order -> order.pay(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 100 cents");

    assertThat(store.version("order-2")).isZero();
  }

  @Test
  void aCommandThatLostARace_decidesAgainOnTheNewState() {
    AggregateRepository<Order, OrderEvent> orders = repository(0);
    orders.handle("3", order -> Orders.place(order, "3", "sku", 100));
    AtomicInteger decisions = new AtomicInteger();

    List<OrderEvent> decided =
        orders.handle(
            "3",
            order -> {
              if (decisions.incrementAndGet() == 1) {
                // another writer cancels the order between this load and this append
                repository(0).handle("3", other -> other.cancel("out of stock"));
              }
              return order.cancel("customer asked");
            });

    assertThat(decisions).hasValue(2);
    assertThat(decided).as("the order was already cancelled on the second look").isEmpty();
    assertThat(store.version("order-3")).isEqualTo(1);
  }

  @Test
  void withSnapshots_loadingStartsAfterTheLatestSnapshot_andGivesTheSameState() {
    AggregateRepository<Order, OrderEvent> orders = repository(2);
    orders.handle("4", order -> Orders.place(order, "4", "sku", 300));
    orders.handle("4", order -> order.pay(300));

    List<RecordedEvent> snapshots =
        store.read("snapshot.order-4", Long.MAX_VALUE, Direction.BACKWARDS, 1);
    assertThat(snapshots).hasSize(1);
    assertThat(snapshots.get(0).type()).isEqualTo(EventStore.SNAPSHOT_TYPE);
    ReadsSeen seen = new ReadsSeen(store);
    AggregateRepository.Loaded<Order> fromSnapshot =
        AggregateRepository.builder(seen, new Orders(), OrderEvent.class)
            .snapshotEvery(2)
            .build()
            .load("4");

    assertThat(fromSnapshot).isEqualTo(repository(0).load("4"));
    assertThat(seen.fromVersions)
        .as("order-4 read only after the snapshot's version")
        .containsExactly(2L);
  }

  /** A store that notes from which version each read of an order stream starts. */
  private static final class ReadsSeen extends dev.herald.eventstore.ForwardingEventStore {
    final List<Long> fromVersions = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReadsSeen(EventStore store) {
      super(store);
    }

    @Override
    public List<RecordedEvent> read(
        String stream, long fromVersion, Direction direction, int limit) {
      if (stream.startsWith("order-")) {
        fromVersions.add(fromVersion);
      }
      return super.read(stream, fromVersion, direction, limit);
    }
  }

  @Test
  void anEventOfAnUnknownType_inTheStream_isAClearError() {
    store.append(
        "order-5",
        ExpectedVersion.noStream(),
        List.of(NewEvent.of("example.order.teleported", "{}".getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> repository(0).load("5"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("example.order.teleported");
  }
}
