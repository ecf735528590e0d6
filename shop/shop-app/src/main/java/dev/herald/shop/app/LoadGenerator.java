package dev.herald.shop.app;

import dev.herald.core.HeraldException;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.orders.LineRequest;
import dev.herald.shop.orders.Order;
import dev.herald.shop.orders.OrdersService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places orders through an {@link OrdersService} (not HTTP): each from one of {@code customers}
 * random customers, with 1 to 3 distinct SKUs of the catalog, 1 to 3 of each. The same seed places
 * the same orders. Either a fixed count at once ({@link #place(int)}) or at a rate in the
 * background ({@link #start(double)}). Thread-safe.
 */
public final class LoadGenerator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

  private final OrdersService orders;
  private final List<Catalog.Item> items;
  private final int customers;
  private final SplittableRandom random;
  private final List<String> placed = new CopyOnWriteArrayList<>();
  private volatile ScheduledExecutorService timer; // set and cleared under this
  private volatile long limit = Long.MAX_VALUE;

  private LoadGenerator(OrdersService orders, int customers, long seed) {
    this.orders = Objects.requireNonNull(orders, "orders");
    this.items = orders.catalog().items();
    if (customers < 1) {
      throw new HeraldException("a load needs 1 customer or more, was " + customers);
    }
    this.customers = customers;
    this.random = new SplittableRandom(seed);
  }

  /** A generator placing orders through {@code orders} for 50 customers, seeded {@code seed}. */
  public static LoadGenerator of(OrdersService orders, long seed) {
    return of(orders, 50, seed);
  }

  /**
   * A generator placing orders through {@code orders} for {@code customers} customers, seeded
   * {@code seed}.
   *
   * @throws HeraldException if {@code customers} is below 1
   */
  public static LoadGenerator of(OrdersService orders, int customers, long seed) {
    return new LoadGenerator(orders, customers, seed);
  }

  /** Places {@code count} orders one after the other and returns them, as stored. Blocks. */
  public List<Order> place(int count) {
    List<Order> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      result.add(placeOne());
    }
    return result;
  }

  /**
   * Starts placing {@code ordersPerSecond} orders a second in the background, until {@link
   * #close()}. A failed placement is logged and the load goes on.
   *
   * @throws HeraldException if the rate is not positive or the load is running already
   */
  public void start(double ordersPerSecond) {
    start(ordersPerSecond, Long.MAX_VALUE);
  }

  /**
   * Starts placing {@code ordersPerSecond} orders a second in the background, until {@code limit}
   * orders were placed by this generator or {@link #close()}. A failed placement is logged and the
   * load goes on.
   *
   * @throws HeraldException if the rate or the limit is not positive, or the load is running
   *     already
   */
  public synchronized void start(double ordersPerSecond, long limit) {
    if (limit < 1) {
      throw new HeraldException("the load's limit is 1 order or more, was " + limit);
    }
    this.limit = limit;
    if (!(ordersPerSecond > 0)) {
      throw new HeraldException("the rate is orders per second above 0, was " + ordersPerSecond);
    }
    if (timer != null) {
      throw new HeraldException("the load is running already; close it before starting again");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shop-load"));
    long periodNanos = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / ordersPerSecond));
    // placeLogged catches what it throws, so the future never completes exceptionally
    var unused = timer.scheduleAtFixedRate(this::placeLogged, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  /** The ids of every order placed so far, in the order they were placed. */
  public List<String> placed() {
    return Collections.unmodifiableList(new ArrayList<>(placed));
  }

  private void placeLogged() {
    try {
      placeOne();
    } catch (RuntimeException e) {
      log.warn("placing an order failed; the load goes on: {}", e.toString());
    }
    if (placed.size() >= limit) {
      stopTimer();
    }
  }

  // not synchronized: close() holds the lock while it waits for this task to end
  private void stopTimer() {
    ScheduledExecutorService running = timer;
    if (running != null) {
      running.shutdown();
    }
  }

  /** Whether a background load is still placing orders: started, below its limit, not closed. */
  public boolean isRunning() {
    ScheduledExecutorService running = timer;
    return running != null && !running.isTerminated();
  }

  private Order placeOne() {
    String customer;
    List<LineRequest> lines = new ArrayList<>();
    synchronized (random) {
      customer = "c-" + (1 + random.nextInt(customers));
      List<Catalog.Item> shuffled = new ArrayList<>(items);
      int lineCount = 1 + random.nextInt(Math.min(3, shuffled.size()));
      for (int i = 0; i < lineCount; i++) {
        Catalog.Item item = shuffled.remove(random.nextInt(shuffled.size()));
        lines.add(new LineRequest(item.sku(), 1 + random.nextInt(3)));
      }
    }
    Order order = orders.place(customer, lines);
    placed.add(order.id());
    return order;
  }

  /** Stops a background load, letting an order being placed finish. Idempotent. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdown();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
  }
}
