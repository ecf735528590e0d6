package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.log.Durability;
import dev.herald.shop.app.ShopApp;
import dev.herald.shop.app.ShopReport;
import dev.herald.shop.app.chaos.Chaos;
import dev.herald.shop.orders.PortInUseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code herald demo}: the whole shop (orders with its HTTP API, inventory, payments, shipping, the
 * fulfilment saga, notifications, analytics) in this process, on the embedded log in a data
 * directory, under a load generator. Live, it redraws a summary every few seconds until Ctrl-C;
 * with {@code --exit} it places a number of orders, waits until each is final, prints the report as
 * JSON and exits 0 only if every invariant holds.
 */
@Command(
    name = "demo",
    description = "Run the shop, every service in this process, and watch it work.",
    footer = {
      "%nExamples:",
      "  herald demo                   runs on ./herald-data until Ctrl-C",
      "  herald demo --temp --rate 10  a throwaway directory, 10 orders a second",
      "  herald demo --orders 500 --exit",
      "                                prints the report as JSON; exit 0 if all ok",
      "  herald demo --orders 500 --exit --payment-failure-rate 0.2 --chaos",
      "  herald demo --metrics-port 9464   metrics at http://127.0.0.1:9464/metrics",
      "",
      "Running again on the same data continues from it. Traces: set",
      "OTEL_EXPORTER_OTLP_ENDPOINT (such as http://localhost:4318)."
    })
final class DemoCommand implements Callable<Integer> {
  /** The exit status of a run whose invariants do not all hold. */
  static final int INVARIANTS_BROKEN = 1;

  private static final Duration RESTOCK_EVERY = Duration.ofSeconds(10);

  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand HeraldCommand herald;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Where the shop keeps its events and messages (default: ./herald-data).")
  Optional<Path> data;

  @Option(
      names = "--temp",
      description = "Use a fresh temporary directory, deleted at the end, instead of --data.")
  boolean temp;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description =
          "Orders placed per second (default: 2; with --exit, as fast as the shop takes them).")
  Optional<Double> rate;

  @Option(
      names = "--orders",
      paramLabel = "N",
      description = "Place N orders, then stop placing (the shop keeps running unless --exit).")
  Optional<Integer> orders;

  @Option(
      names = "--exit",
      description =
          "Once every order is final, print the report as JSON and exit: 0 if every invariant"
              + " holds, 1 if not. Needs --orders.")
  boolean exit;

  @Option(
      names = "--payment-failure-rate",
      paramLabel = "R",
      defaultValue = "0",
      description = "Share of charges the simulated gateway declines, 0 to 1 (default: 0).")
  double paymentFailureRate;

  @Option(
      names = "--chaos",
      description =
          "Inject duplicates, redeliveries, crashes between a handler's effect and its commit,"
              + " and undecodable events.")
  boolean chaos;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the orders, the declines and the chaos (default: 1).")
  long seed;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the orders API on 127.0.0.1 (default: any free port).")
  int port;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "With --exit, how long orders may take to settle (default: 2m).")
  Duration timeout;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long, as Ctrl-C would (default: run until Ctrl-C).")
  Optional<Duration> duration;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the demo runs:"
              + " events published, handled, failed, retried and dead-lettered, handler latency,"
              + " consumer lag.")
  Optional<Integer> metricsPort;

  @Option(
      names = "--gateway-port",
      paramLabel = "PORT",
      description =
          "Port of the HTTP gateway on 127.0.0.1: publish, follow (SSE, WebSocket) and the admin"
              + " API (default: any free port; with --exit, no gateway unless given).")
  Optional<Integer> gatewayPort;

  @Override
  public Integer call() throws InterruptedException {
    checkInputs();
    CountDownLatch stop = new CountDownLatch(1);
    try (StopSignal signal = StopSignal.onShutdown(stop::countDown);
        TempDirectory scratch = temp ? TempDirectory.create("herald-demo-") : null;
        Observability observability = Observability.open(metricsPort, System.getenv())) {
      Path directory = temp ? scratch.path() : data.orElse(Path.of("herald-data"));
      int status;
      try (ShopApp shop = start(directory, observability);
          EmbeddedGateway gateway =
              EmbeddedGateway.start(
                  exit ? gatewayPort : Optional.of(gatewayPort.orElse(0)), shop.transport())) {
        gateway.gateway().ifPresent(g -> g.panel("shop", ShopPanel.of(shop)));
        if (exit) {
          observability.describe().forEach(spec.commandLine().getErr()::println);
          ShopReport report =
              new CheckedRun(shop, spec.commandLine().getErr(), Terminal.attached())
                  .run(orders.orElseThrow(), rate, timeout);
          spec.commandLine().getOut().println(report.toJson());
          spec.commandLine().getOut().flush();
          status = report.ok() ? 0 : INVARIANTS_BROKEN;
          if (!report.ok()) {
            spec.commandLine().getErr().println(CheckedRun.broken(report));
          }
        } else {
          LiveDemo live =
              new LiveDemo(shop, spec.commandLine().getOut(), Terminal.attached(), directory);
          List<String> notes = new ArrayList<>(gateway.describe());
          notes.addAll(observability.describe());
          live.printHeader(temp, notes);
          live.run(rate.orElse(2.0), orders, duration, stop);
          status = 0;
        }
      }
      signal.haltIfSignalled(0);
      return status;
    }
  }

  private void checkInputs() {
    rate.ifPresent(
        r ->
            Inputs.require(
                r > 0 && r <= 1000, "--rate", "must be above 0 and at most 1000, was " + r));
    orders.ifPresent(n -> Inputs.require(n >= 1, "--orders", "must be 1 or more, was " + n));
    Inputs.require(
        !exit || orders.isPresent(), "--exit", "needs --orders N, the orders to place and check");
    Inputs.require(
        !(temp && data.isPresent()), "--temp", "and --data both name the data; give one of them");
    Inputs.require(
        paymentFailureRate >= 0 && paymentFailureRate <= 1,
        "--payment-failure-rate",
        "must be from 0 to 1, such as 0.2; was " + paymentFailureRate);
    Inputs.require(
        port >= 0 && port <= 65_535,
        "--port",
        "must be a port from 1 to 65535, or 0 for any free one; was " + port);
    Inputs.require(
        !timeout.isNegative() && !timeout.isZero(), "--timeout", "must be positive, such as 2m");
    duration.ifPresent(
        d ->
            Inputs.require(
                !d.isNegative() && !d.isZero(), "--duration", "must be positive, such as 30s"));
    metricsPort.ifPresent(
        p ->
            Inputs.require(
                p >= 1 && p <= 65535,
                "--metrics-port",
                "must be a port from 1 to 65535, was " + p + "; 9464 is the usual choice"));
  }

  private ShopApp start(Path directory, Observability observability) {
    ShopApp.Builder builder =
        ShopApp.builder()
            .dataDirectory(directory)
            .paymentFailureRate(paymentFailureRate)
            .seed(seed)
            .http("127.0.0.1", port)
            .configureBus((service, bus) -> observability.configure(bus, "shop-" + service.id()));
    if (chaos) {
      builder.chaos(Chaos.standard(seed));
    }
    if (!exit) {
      // a supplier keeps a long live run from selling out; a checked run stays deterministic
      builder.restockEvery(RESTOCK_EVERY);
    }
    if (temp) {
      // a throwaway directory needs no power-cut safety, and fsync per append is the slowest part
      builder.durability(Durability.never());
    }
    try {
      return builder.start();
    } catch (PortInUseException e) {
      throw new BadInputException("--port: " + e.getMessage(), e);
    } catch (HeraldException e) {
      throw new HeraldException(
          "the shop did not start on " + directory + ": " + e.getMessage(), e);
    }
  }
}
