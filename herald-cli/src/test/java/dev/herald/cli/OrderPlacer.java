package dev.herald.cli;

import dev.herald.shop.events.Catalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Places orders through the orders API over HTTP at a steady rate, from one background thread, as
 * customers would: one to three lines of different SKUs of the standard catalog each. Remembers the
 * id of every order the API took and every request it refused or failed.
 */
final class OrderPlacer implements AutoCloseable {
  private static final List<Catalog.Item> ITEMS = Catalog.standard().items();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI orders;
  private final Random random;
  private final List<String> placed = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "order-placer");
            thread.setDaemon(true);
            return thread;
          });

  private OrderPlacer(URI api, long seed) {
    this.orders = URI.create(api + "/orders");
    this.random = new Random(seed);
  }

  /** Starts placing {@code perSecond} orders a second through the API at {@code api}. */
  static OrderPlacer start(URI api, double perSecond, long seed) {
    OrderPlacer placer = new OrderPlacer(api, seed);
    var unused =
        placer.timer.scheduleAtFixedRate(
            placer::placeOne, 0, Math.round(1_000_000 / perSecond), TimeUnit.MICROSECONDS);
    return placer;
  }

  /** The ids of the orders the API took so far, oldest first. */
  List<String> placed() {
    return List.copyOf(placed);
  }

  /** The requests the API refused or that failed, each described. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  private void placeOne() {
    List<Catalog.Item> items = new ArrayList<>(ITEMS);
    Collections.shuffle(items, random);
    StringBuilder lines = new StringBuilder();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      Catalog.Item item = items.get(i); // each SKU once: the API takes no SKU twice in one order
      lines.append(i == 0 ? "" : ",");
      lines.append("{\"sku\":\"").append(item.sku()).append("\",\"quantity\":");
      lines.append(1 + random.nextInt(2)).append('}');
    }
    String body = "{\"customerId\":\"c-" + random.nextInt(20) + "\",\"lines\":[" + lines + "]}";
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(orders)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String location = response.headers().firstValue("Location").orElse("");
      if (response.statusCode() == 201 && location.startsWith("/orders/")) {
        placed.add(location.substring("/orders/".length()));
      } else {
        failures.add(response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      failures.add(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops placing; an order under way is placed first. Idempotent. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    if (!timer.awaitTermination(15, TimeUnit.SECONDS)) {
      timer.shutdownNow();
    }
  }
}
