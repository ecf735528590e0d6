package dev.herald.shop.app;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.shop.app.ShopSnapshot.SkuStock;
import dev.herald.shop.app.chaos.ChaosCounts;
import dev.herald.shop.app.chaos.UndecodableEvents;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.notifications.Notification;
import dev.herald.shop.orders.Order;
import dev.herald.shop.payments.Payment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a running {@link ShopApp} against the shop's invariants: waits, up to a timeout, until
 * every order placed (in this run or an earlier one on the same data) is shipped or cancelled and
 * the services agree, then reports. A run whose invariants still fail at the timeout is reported as
 * it is, not thrown. The checks themselves are pure functions of a {@link ShopSnapshot}; see {@link
 * ShopReport#of}. Not thread-safe.
 */
public final class Invariants {
  private static final String ORDER_CATEGORY = "order";
  private static final int PAGE = 1_000;

  private final ShopApp shop;
  private final Duration timeout;
  private final Duration pollEvery;
  private final Set<String> orderIds = new LinkedHashSet<>();
  private long nextPosition;

  private Invariants(ShopApp shop, Duration timeout, Duration pollEvery) {
    this.shop = Objects.requireNonNull(shop, "shop");
    if (timeout == null || timeout.isNegative() || pollEvery == null || pollEvery.isZero()) {
      throw new HeraldException(
          "the invariants wait a timeout of 0 or more, looking every positive interval; was "
              + timeout
              + " every "
              + pollEvery);
    }
    this.timeout = timeout;
    this.pollEvery = pollEvery;
  }

  /**
   * Checks {@code shop}, waiting up to {@code timeout} for it to settle and looking every {@code
   * pollEvery}.
   */
  public static Invariants of(ShopApp shop, Duration timeout, Duration pollEvery) {
    return new Invariants(shop, timeout, pollEvery);
  }

  /**
   * Waits until every invariant holds or the timeout passes, and reports what it found then; the
   * elapsed time is counted from {@code since}, on the shop's clock. Blocks.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public ShopReport await(Instant since) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ShopReport report = ShopReport.of(snapshot(), elapsed(since));
    while (!report.ok() && System.nanoTime() - deadline < 0) {
      Thread.sleep(pollEvery);
      report = ShopReport.of(snapshot(), elapsed(since));
    }
    return report;
  }

  /** What the shop holds now. Blocks for the reads (the store, the notifications, dead letters). */
  public ShopSnapshot snapshot() {
    List<Order> orders = new ArrayList<>();
    Map<String, Payment> payments = new HashMap<>();
    for (String id : orderIds()) {
      shop.orders().find(id).ifPresent(orders::add);
      Payment payment = shop.payments().payment(id);
      if (payment.status() != Payment.Status.NONE) {
        payments.put(id, payment);
      }
    }
    // what the shop was ever given: its initial stock and what suppliers delivered since
    Map<String, Integer> initial = new HashMap<>(shop.inventory().received());
    for (Catalog.Item item : shop.catalog().items()) {
      initial.merge(item.sku(), item.initialStock(), Integer::sum);
    }
    Map<String, SkuStock> stock = new HashMap<>();
    shop.inventory()
        .levels()
        .forEach((sku, level) -> stock.put(sku, new SkuStock(level.available(), level.reserved())));
    Map<String, List<String>> deadLetters = new HashMap<>();
    Map<String, String> injected =
        new HashMap<>(shop.chaos().map(ChaosCounts::undecodable).orElse(Map.of()));
    for (String group : shop.consumerGroups()) {
      List<String> ids = new ArrayList<>();
      for (DeadLetter dead : DeadLetters.of(shop.transport(), group).list(DeadLetterFilter.all())) {
        Envelope event = dead.envelope();
        ids.add(event.id());
        // injected by the chaos of an earlier run on the same data: its type says where it belongs
        if (event.source().equals(UndecodableEvents.SOURCE)) {
          UndecodableEvents.groupOf(event.type())
              .ifPresent(expected -> injected.putIfAbsent(event.id(), expected));
        }
      }
      deadLetters.put(group, ids);
    }
    return new ShopSnapshot(
        orders,
        payments,
        initial,
        stock,
        shop.analytics().figures().revenueCents(),
        notifications(shop.notificationsLog()),
        deadLetters,
        injected,
        shop.chaos());
  }

  /** Every order id in the store, oldest first; reads only what was appended since last time. */
  private Set<String> orderIds() {
    List<RecordedEvent> page;
    do {
      page = shop.store().readAll(nextPosition, PAGE);
      for (RecordedEvent event : page) {
        if (event.category().equals(ORDER_CATEGORY) && event.version() == 0) {
          orderIds.add(event.stream().substring(ORDER_CATEGORY.length() + 1));
        }
        nextPosition = event.position() + 1;
      }
    } while (page.size() == PAGE);
    return orderIds;
  }

  /** The lines of {@code notifications.log} as they are in the file, duplicates included. */
  static List<Notification> notifications(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Notification> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 5);
        if (f.length == 5) {
          lines.add(new Notification(Instant.parse(f[0]), f[1], f[2], f[3], f[4]));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the notifications in " + file, e);
    }
  }

  private Duration elapsed(Instant since) {
    return Duration.between(since, shop.settings().clock().instant());
  }
}
