package dev.herald.shop.app;

import dev.herald.core.EventBus;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.log.Durability;
import dev.herald.shop.app.chaos.Chaos;
import dev.herald.shop.events.Catalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a {@link ShopApp} runs with; set through {@link ShopApp#builder()}. Either a data directory,
 * or a transport, an event store and a notifications directory of the caller's.
 *
 * @param dataDirectory where the embedded log and the notifications live, unless given a transport
 * @param transport the caller's transport, if no data directory
 * @param store the caller's event store, if no data directory
 * @param notificationsDirectory where notifications are written, if no data directory
 * @param durability when the embedded log acknowledges an append
 * @param catalog what the shop sells and its initial stock
 * @param paymentFailureRate the share of charges declined, 0 to 1
 * @param paymentLatency how long the gateway takes to answer
 * @param paymentDeadline how long payments has to answer before the order is cancelled
 * @param shippingDelay how long after its creation a shipment leaves
 * @param pollInterval how often due shipments and deadlines are looked for
 * @param seed the seed of the gateway's declines
 * @param clock the clock of every service
 * @param httpHost the orders API's host
 * @param httpPort the orders API's port, 0 for any free one
 * @param restockEvery how often a supplier tops up SKUs that run low, if ever
 * @param chaos the faults injected into delivery, if any
 * @param services the services that run in this process
 * @param configureBus adjusts each service's bus before it is built
 */
public record ShopSettings(
    Optional<Path> dataDirectory,
    Optional<Transport> transport,
    Optional<EventStore> store,
    Optional<Path> notificationsDirectory,
    Durability durability,
    Catalog catalog,
    double paymentFailureRate,
    Duration paymentLatency,
    Duration paymentDeadline,
    Duration shippingDelay,
    Duration pollInterval,
    long seed,
    Clock clock,
    String httpHost,
    int httpPort,
    Optional<Duration> restockEvery,
    Optional<Chaos> chaos,
    Set<ShopService> services,
    BiConsumer<ShopService, EventBus.Builder> configureBus) {

  /** Copies the services. */
  public ShopSettings {
    services = Collections.unmodifiableSet(EnumSet.copyOf(services));
  }

  /** The builder's mutable draft; {@link #check()} turns it into settings. */
  static final class Draft {
    Path dataDirectory;
    Transport transport;
    EventStore store;
    Path notificationsDirectory;
    Durability durability = Durability.always();
    Catalog catalog = Catalog.standard();
    double paymentFailureRate;
    Duration paymentLatency = Duration.ofMillis(5);
    Duration paymentDeadline = Duration.ofSeconds(30);
    Duration shippingDelay = Duration.ofSeconds(2);
    Duration pollInterval = Duration.ofMillis(100);
    long seed = 1;
    Clock clock = Clock.systemUTC();
    String httpHost = "127.0.0.1";
    int httpPort;
    Duration restockEvery;
    Chaos chaos;
    Set<ShopService> services = EnumSet.allOf(ShopService.class);
    BiConsumer<ShopService, EventBus.Builder> configureBus = (service, bus) -> {};

    ShopSettings check() {
      if (dataDirectory != null && transport != null) {
        throw new HeraldException(
            "the shop was given both a data directory and a transport; use dataDirectory(DIR) for"
                + " the embedded log, or on(transport, store, notificationsDirectory), not both");
      }
      if (dataDirectory == null && transport == null) {
        throw new HeraldException(
            "the shop needs somewhere to keep its data; call dataDirectory(DIR), such as"
                + " Path.of(\"herald-data\"), or on(transport, store, notificationsDirectory)");
      }
      if (!(paymentFailureRate >= 0 && paymentFailureRate <= 1)) {
        throw new HeraldException(
            "the payment failure rate is from 0 to 1, such as 0.2; was " + paymentFailureRate);
      }
      requireNotNegative("payment latency", paymentLatency);
      requireNotNegative("shipping delay", shippingDelay);
      requirePositive("payment deadline", paymentDeadline);
      requirePositive("poll interval", pollInterval);
      if (restockEvery != null) {
        requirePositive("restock interval", restockEvery);
      }
      if (services.isEmpty()) {
        throw new HeraldException(
            "the shop was given no service to run; name one or more of " + ShopService.ids());
      }
      if (httpPort < 0 || httpPort > 65_535) {
        throw new HeraldException(
            "the orders API's port is from 1 to 65535, or 0 for any free one; was " + httpPort);
      }
      return new ShopSettings(
          Optional.ofNullable(dataDirectory),
          Optional.ofNullable(transport),
          Optional.ofNullable(store),
          Optional.ofNullable(notificationsDirectory),
          durability,
          catalog,
          paymentFailureRate,
          paymentLatency,
          paymentDeadline,
          shippingDelay,
          pollInterval,
          seed,
          clock,
          httpHost,
          httpPort,
          Optional.ofNullable(restockEvery),
          Optional.ofNullable(chaos),
          services,
          configureBus);
    }

    private static void requireNotNegative(String name, Duration value) {
      if (value == null || value.isNegative()) {
        throw new HeraldException(
            "the " + name + " is 0 or more, such as Duration.ofMillis(200); was " + value);
      }
    }

    private static void requirePositive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new HeraldException(
            "the " + name + " must be positive, such as Duration.ofSeconds(5); was " + value);
      }
    }
  }
}
