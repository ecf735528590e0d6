package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code herald demo}: four services of a small shop exchange events on the embedded log (a fresh
 * directory, removed afterwards, unless --transport names another), and every step is printed as it
 * happens.
 */
@Command(
    name = "demo",
    description = "Run a small shop and watch events flow between its services.",
    footer = {
      "%nExamples:",
      "  herald demo                 runs until Ctrl-C (twice: stop at once)",
      "  herald demo --orders 3      stops once 3 orders went through every service",
      "  herald demo --transport kafka://localhost:9092",
      "  herald demo --metrics-port 9464   metrics at http://127.0.0.1:9464/metrics",
      "",
      "Traces: set OTEL_EXPORTER_OTLP_ENDPOINT (such as http://localhost:4318) and",
      "every service sends its spans there by OTLP over HTTP."
    })
final class DemoCommand implements Callable<Integer> {
  /** How long --orders N may take beyond placing the orders at the given rate. */
  static final Duration SLACK = Duration.ofSeconds(30);

  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "2",
      paramLabel = "N",
      description = "Orders placed per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--orders",
      paramLabel = "N",
      description = "Stop after N orders went through every service, print a summary and exit.")
  Optional<Integer> orders;

  @Option(
      names = "--transport",
      paramLabel = "URI",
      description =
          "Transport URI: log:DIR, kafka://HOST:PORT or memory: (default: log: in a fresh"
              + " temporary directory, deleted at the end).")
  Optional<String> transport;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the demo runs:"
              + " events published, handled, failed, retried and dead-lettered, handler latency,"
              + " consumer lag.")
  Optional<Integer> metricsPort;

  @ParentCommand HeraldCommand herald;

  @Override
  public Integer call() throws InterruptedException {
    Inputs.require(rate > 0 && rate <= 1000, "--rate", "must be above 0 and at most 1000");
    orders.ifPresent(n -> Inputs.require(n >= 1, "--orders", "must be 1 or more, was " + n));
    metricsPort.ifPresent(
        p ->
            Inputs.require(
                p >= 1 && p <= 65535,
                "--metrics-port",
                "must be a port from 1 to 65535, was " + p + "; 9464 is the usual choice"));
    CountDownLatch finished = new CountDownLatch(1);
    boolean unicode = HeraldCommand.stdoutCharset().equals(StandardCharsets.UTF_8);
    DemoProgress progress =
        new DemoProgress(
            spec.commandLine().getOut(), unicode, orders.orElse(0), finished::countDown);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long started = System.nanoTime();
    boolean reachedTarget;
    try (StopSignal signal = StopSignal.onShutdown(finished::countDown)) {
      try (TempDirectory scratch = TempDirectory.create("herald-demo-");
          Transport opened = herald.openTransport(transport.orElse("log:" + scratch.path()));
          Observability observability = Observability.open(metricsPort, System.getenv());
          DemoShop shop = new DemoShop(opened, progress, observability)) {
        progress.printHeader(
            transport.orElse("the embedded log in " + scratch.path() + " (deleted at the end)"),
            rate,
            orders,
            observability.describe());
        shop.start();
        ScheduledExecutorService placer = placeOrders(shop, finished, failure);
        try {
          reachedTarget = awaitFinish(finished);
        } finally {
          placer.shutdown();
        }
        placer.awaitTermination(5, TimeUnit.SECONDS);
      }
      progress.printSummary(Duration.ofNanos(System.nanoTime() - started));
    }
    if (failure.get() != null) {
      throw new HeraldException("placing an order failed: " + failure.get().getMessage());
    }
    if (orders.isPresent() && !reachedTarget) {
      throw new HeraldException(
          "only " + progress.completed() + " of " + orders.get() + " orders completed in time");
    }
    return 0;
  }

  /** Places an order at the rate asked for, up to --orders; a failure ends the demo. */
  @SuppressWarnings("FutureReturnValueIgnored") // failures are caught inside the task
  private ScheduledExecutorService placeOrders(
      DemoShop shop, CountDownLatch finished, AtomicReference<RuntimeException> failure) {
    ScheduledExecutorService placer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "demo-orders");
              thread.setDaemon(true);
              return thread;
            });
    AtomicInteger next = new AtomicInteger();
    placer.scheduleAtFixedRate(
        () -> {
          int n = next.incrementAndGet();
          if (orders.isEmpty() || n <= orders.get()) {
            try {
              shop.placeOrder(n);
            } catch (RuntimeException e) {
              failure.set(e);
              finished.countDown();
            }
          }
        },
        0,
        Math.max(1, Math.round(1_000_000_000 / rate)),
        TimeUnit.NANOSECONDS);
    return placer;
  }

  /** Waits for Ctrl-C or, with --orders, for the orders; true unless the deadline passed. */
  private boolean awaitFinish(CountDownLatch finished) throws InterruptedException {
    if (orders.isEmpty()) {
      finished.await();
      return true;
    }
    long millis = Math.round(orders.get() * 1000 / rate) + SLACK.toMillis();
    return finished.await(millis, TimeUnit.MILLISECONDS);
  }
}
