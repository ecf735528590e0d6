package dev.herald.shop.inventory;

import dev.herald.core.HeraldException;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockLevelChanged;
import dev.herald.shop.events.StockEvents.StockRejected;
import dev.herald.shop.events.StockEvents.StockReleased;
import dev.herald.shop.events.StockEvents.StockReserved;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The whole inventory: the level of every SKU and what was decided for every order, and the
 * decisions on it. Each decision returns the events that record it, none when it changes nothing (a
 * second reservation for an order, releasing twice), and never leaves a level negative: {@link
 * Level} refuses that, so a decision that would break it throws before anything is stored.
 * Decisions have no side effects. Immutable.
 *
 * @param levels the stock of each SKU
 * @param reservations what was decided per order id
 * @param received how many of each SKU suppliers delivered after its initial stock
 */
public record Stock(
    Map<String, Level> levels,
    Map<String, Reservation> reservations,
    Map<String, Integer> received) {
  /** Copies the maps; a snapshot taken before deliveries existed has none received. */
  public Stock {
    levels = Map.copyOf(levels);
    reservations = Map.copyOf(reservations);
    received = received == null ? Map.of() : Map.copyOf(received);
  }

  /** The inventory before any event: no SKU, no order. */
  public static Stock none() {
    return new Stock(Map.of(), Map.of(), Map.of());
  }

  /**
   * Receives a delivery for every SKU of {@code catalog} whose available stock fell below half of
   * its initial stock, bringing it back to the initial stock; nothing if none did.
   */
  public List<Record> restock(Catalog catalog) {
    List<Record> events = new ArrayList<>();
    for (Catalog.Item item : catalog.items()) {
      Level level = levels.get(item.sku());
      if (level != null && level.available() < item.initialStock() / 2) {
        int quantity = item.initialStock() - level.available();
        events.add(new StockReceived(item.sku(), quantity));
        events.add(new StockLevelChanged(item.sku(), item.initialStock(), level.reserved()));
      }
    }
    return events;
  }

  /** Stocks every SKU of {@code catalog} the inventory does not know yet with its initial stock. */
  public List<Record> stockUp(Catalog catalog) {
    List<Record> events = new ArrayList<>();
    for (Catalog.Item item : catalog.items()) {
      if (!levels.containsKey(item.sku())) {
        events.add(new StockLevelChanged(item.sku(), item.initialStock(), 0));
      }
    }
    return events;
  }

  /**
   * Puts aside every line of the order, or none: {@link StockRejected} naming each SKU that is
   * short or unknown. An order decided before gets no second decision.
   */
  public List<Record> reserve(ReserveStock command) {
    if (reservations.containsKey(command.orderId())) {
      return List.of();
    }
    Map<String, Integer> wanted = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Line line : command.lines()) {
      if (line.quantity() <= 0) {
        problems.add(line.sku() + " has quantity " + line.quantity() + ", not 1 or more");
      }
      wanted.merge(line.sku(), line.quantity(), Integer::sum);
    }
    if (wanted.isEmpty()) {
      problems.add("the order has no lines");
    }
    wanted.forEach(
        (sku, quantity) -> {
          Level level = levels.get(sku);
          if (level == null) {
            problems.add(sku + " is not stocked");
          } else if (level.available() < quantity) {
            problems.add(
                sku + " is short: " + quantity + " wanted, " + level.available() + " available");
          }
        });
    if (!problems.isEmpty()) {
      return List.of(new StockRejected(command.orderId(), String.join("; ", problems)));
    }
    List<Record> events = new ArrayList<>();
    events.add(new StockReserved(command.orderId(), command.lines()));
    events.addAll(
        change(
            wanted, (sku, q) -> new Level(level(sku).available() - q, level(sku).reserved() + q)));
    return events;
  }

  /** Gives back what is put aside for the order; nothing if none is (unknown, rejected, done). */
  public List<Record> release(String orderId) {
    Reservation reservation = reservations.get(orderId);
    if (reservation == null || reservation.status() != Reservation.Status.RESERVED) {
      return List.of();
    }
    List<Record> events = new ArrayList<>();
    events.add(new StockReleased(orderId, reservation.lines()));
    events.addAll(
        change(
            quantities(reservation),
            (sku, q) -> new Level(level(sku).available() + q, level(sku).reserved() - q)));
    return events;
  }

  /**
   * Settles the order's reservation as gone in {@code shipmentId}; nothing if none is put aside.
   */
  public List<Record> ship(String orderId, String shipmentId) {
    Reservation reservation = reservations.get(orderId);
    if (reservation == null || reservation.status() != Reservation.Status.RESERVED) {
      return List.of();
    }
    List<Record> events = new ArrayList<>();
    events.add(new StockShipped(orderId, shipmentId, reservation.lines()));
    events.addAll(
        change(
            quantities(reservation),
            (sku, q) -> new Level(level(sku).available(), level(sku).reserved() - q)));
    return events;
  }

  /** The state after {@code event}. */
  Stock apply(Record event) {
    return switch (event) {
      case StockLevelChanged c ->
          new Stock(
              with(levels, c.sku(), new Level(c.available(), c.reserved())),
              reservations,
              received);
      case StockReceived r ->
          new Stock(
              levels,
              reservations,
              with(received, r.sku(), received.getOrDefault(r.sku(), 0) + r.quantity()));
      case StockReserved r ->
          new Stock(
              levels,
              with(
                  reservations,
                  r.orderId(),
                  new Reservation(Reservation.Status.RESERVED, r.lines(), "")),
              received);
      case StockRejected r ->
          new Stock(
              levels,
              with(
                  reservations,
                  r.orderId(),
                  new Reservation(Reservation.Status.REJECTED, List.of(), r.reason())),
              received);
      case StockReleased r -> settle(r.orderId(), Reservation.Status.RELEASED);
      case StockShipped s -> settle(s.orderId(), Reservation.Status.SHIPPED);
      default ->
          throw new HeraldException(
              "the inventory has no use for a " + event.getClass().getSimpleName());
    };
  }

  private Stock settle(String orderId, Reservation.Status status) {
    Reservation reservation = reservations.get(orderId);
    return reservation == null
        ? this
        : new Stock(levels, with(reservations, orderId, reservation.with(status)), received);
  }

  private Level level(String sku) {
    return levels.getOrDefault(sku, new Level(0, 0));
  }

  private static Map<String, Integer> quantities(Reservation reservation) {
    Map<String, Integer> quantities = new LinkedHashMap<>();
    reservation.lines().forEach(l -> quantities.merge(l.sku(), l.quantity(), Integer::sum));
    return quantities;
  }

  private static List<Record> change(
      Map<String, Integer> quantities, BiFunction<String, Integer, Level> next) {
    List<Record> events = new ArrayList<>();
    quantities.forEach(
        (sku, q) -> {
          Level level = next.apply(sku, q);
          events.add(new StockLevelChanged(sku, level.available(), level.reserved()));
        });
    return events;
  }

  private static <V> Map<String, V> with(Map<String, V> map, String key, V value) {
    Map<String, V> copy = new HashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
