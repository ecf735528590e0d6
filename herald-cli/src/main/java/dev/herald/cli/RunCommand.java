package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.shop.app.ShopApp;
import dev.herald.shop.app.ShopService;
import dev.herald.shop.orders.PortInUseException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code herald run SERVICE}: one service of the shop as its own process, on a shared transport
 * (Kafka, to run each service in a process of its own) and its own event store. Instances of one
 * service share its consumer group, so they share its partitions; they need one store between them,
 * such as PostgreSQL. Ctrl-C stops it cleanly: work under way finishes and is committed.
 */
@Command(
    name = "run",
    description = "Run one service of the shop in this process.",
    footer = {
      "%nServices: orders, inventory, payments, shipping, fulfilment,",
      "notifications, analytics. Each in a process of its own on one Kafka,",
      "they are the whole shop. Each keeps its events in log:DATA/SERVICE/store",
      "unless --store names another; instances of one service (payments twice,",
      "say) share one store: a jdbc:postgresql:// URL, whose currentSchema",
      "holds the tables (default: herald). A killed instance's partitions move",
      "to the others after Kafka's session timeout (45 s; add",
      "?consumer.session.timeout.ms=6000 to the transport URI for 6 s).",
      "%nExamples:",
      "  herald broker --port 9092 &",
      "  herald run orders --transport kafka://127.0.0.1:9092 --port 7070",
      "  herald run payments --transport kafka://127.0.0.1:9092 \\",
      "      --store 'jdbc:postgresql://127.0.0.1:5432/shop?user=shop'"
    })
final class RunCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand HeraldCommand herald;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service to run.")
  String service;

  @Option(
      names = "--transport",
      required = true,
      paramLabel = "URI",
      description = "Where the services meet: kafka://HOST:PORT (or log:DIR for one process).")
  String transport;

  @Option(
      names = "--store",
      paramLabel = "URI",
      description =
          "The service's event store: log:DIR (default: log:DATA/SERVICE/store; none for"
              + " notifications and analytics) or a jdbc:postgresql:// URL, which instances of one"
              + " service must share.")
  Optional<String> store;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "herald-data",
      description =
          "Where the default store and the customers' messages live (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the orders API on 127.0.0.1 (default: any free port).")
  int port;

  @Option(
      names = "--payment-failure-rate",
      paramLabel = "R",
      defaultValue = "0",
      description = "Share of charges the simulated gateway declines, 0 to 1 (default: 0).")
  double paymentFailureRate;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve the service's Prometheus metrics at http://127.0.0.1:PORT/metrics.")
  Optional<Integer> metricsPort;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long, as Ctrl-C would (default: run until Ctrl-C).")
  Optional<Duration> duration;

  @Option(
      names = "--gateway-port",
      paramLabel = "PORT",
      description =
          "Also serve the HTTP gateway on 127.0.0.1:PORT (0: any free port): publish, follow"
              + " and the admin API on this transport.")
  Optional<Integer> gatewayPort;

  @Override
  public Integer call() throws InterruptedException {
    ShopService which = Inputs.check("SERVICE", () -> ShopService.byId(service));
    checkInputs();
    Optional<StoreUri> storeUri = storeOf(which);
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    try (StopSignal signal = StopSignal.onShutdown(stop::countDown)) {
      try (Observability observability = Observability.open(metricsPort, System.getenv());
          Transport opened = herald.openTransport(transport);
          EventStore events = storeUri.map(RunCommand::open).orElseGet(InMemoryEventStore::new);
          ShopApp shop = start(which, opened, events, observability);
          EmbeddedGateway gateway = EmbeddedGateway.start(gatewayPort, opened)) {
        printHeader(out, which, storeUri, shop, observability, gateway);
        long wait = duration.map(Duration::toMillis).orElse(Long.MAX_VALUE);
        boolean signalled = stop.await(wait, TimeUnit.MILLISECONDS);
        out.println(
            "Stopping "
                + which.id()
                + (signalled ? "" : " after " + duration.orElseThrow().toString())
                + " ...");
        out.flush();
      }
      out.println("Stopped " + which.id() + ".");
      out.flush();
      spec.commandLine().getErr().flush();
      signal.haltIfSignalled(0);
    }
    return 0;
  }

  private void checkInputs() {
    Inputs.require(
        paymentFailureRate >= 0 && paymentFailureRate <= 1,
        "--payment-failure-rate",
        "must be from 0 to 1, such as 0.2; was " + paymentFailureRate);
    Inputs.require(
        port >= 0 && port <= 65_535,
        "--port",
        "must be a port from 1 to 65535, or 0 for any free one; was " + port);
    metricsPort.ifPresent(
        p ->
            Inputs.require(
                p >= 1 && p <= 65_535,
                "--metrics-port",
                "must be a port from 1 to 65535, was " + p + "; 9464 is the usual choice"));
    Inputs.require(!Files.isRegularFile(data), "--data", data + " is a file; give a directory");
  }

  /**
   * Where {@code which} keeps its events: {@code --store}, else {@code log:DATA/SERVICE/store};
   * nowhere for notifications and analytics, which keep none, unless {@code --store} names one.
   */
  private Optional<StoreUri> storeOf(ShopService which) {
    if (store.isPresent()) {
      return Optional.of(StoreUri.parse(store.get()));
    }
    if (which == ShopService.NOTIFICATIONS || which == ShopService.ANALYTICS) {
      return Optional.empty();
    }
    return Optional.of(StoreUri.parse("log:" + data.resolve(which.id()).resolve("store")));
  }

  private static EventStore open(StoreUri storeUri) {
    try {
      return storeUri.open();
    } catch (HeraldException e) {
      throw new HeraldException(
          "the event store " + storeUri.describe() + " did not open: " + e.getMessage(), e);
    }
  }

  private ShopApp start(
      ShopService which, Transport opened, EventStore events, Observability observability) {
    try {
      return ShopApp.builder()
          .on(opened, events, data.resolve("notifications"))
          .services(EnumSet.of(which))
          .paymentFailureRate(paymentFailureRate)
          .http("127.0.0.1", port)
          .configureBus((s, bus) -> observability.configure(bus, "shop-" + s.id()))
          .start();
    } catch (PortInUseException e) {
      throw new BadInputException("--port: " + e.getMessage(), e);
    } catch (HeraldException e) {
      throw new HeraldException(
          "the " + which.id() + " service did not start: " + e.getMessage(), e);
    }
  }

  private void printHeader(
      PrintWriter out,
      ShopService which,
      Optional<StoreUri> storeUri,
      ShopApp shop,
      Observability observability,
      EmbeddedGateway gateway) {
    out.println("Herald shop: " + which.id() + " runs in this process.");
    out.println("  Transport  " + transport);
    out.println(
        "  Store      "
            + storeUri.map(StoreUri::describe).orElse("none (" + which.id() + " keeps no events)"));
    if (which == ShopService.ORDERS) {
      out.println("  Orders API " + shop.ordersUri() + "/orders");
    }
    if (which == ShopService.NOTIFICATIONS) {
      out.println("  Messages   " + shop.notificationsLog());
    }
    gateway.gateway().ifPresent(g -> out.println("  Gateway    " + g.uri() + " (dashboard at /)"));
    observability.describe().forEach(line -> out.println("  " + line));
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
