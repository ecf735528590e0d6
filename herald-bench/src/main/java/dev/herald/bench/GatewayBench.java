package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Herald's HTTP gateway end to end in one JVM: how fast it takes events over HTTP, against the same
 * events given to the transport directly, and how it fans a topic's live events out to thousands of
 * Server-Sent Events clients.
 *
 * <p>The publish measurements ({@link PublishPhase}) run each load ({@link
 * GatewayBenchOptions#loads()}) on each side ({@link GatewayBenchOptions#SIDES}) in a warm-up round
 * that is not counted (the JIT compiles the gateway's path meanwhile) and then round by round, the
 * order of the sides rotating by one each round so that noise on the machine hits both alike; each
 * on a fresh transport (and gateway). The fan-out measurements ({@link FanoutPhase}) then run once
 * per client count and rate, after a warm-up fan-out that is not counted, each on a fresh transport
 * and gateway. Log transports live in a directory made for the run and deleted at its end.
 */
public final class GatewayBench {
  private final GatewayBenchOptions options;
  private final BenchRun run;
  private final Optional<BenchLogs> logs;

  private GatewayBench(GatewayBenchOptions options, BenchRun run, Optional<BenchLogs> logs) {
    this.options = options;
    this.run = run;
    this.logs = logs;
  }

  /**
   * Runs the bench; blocks for its duration (minutes with the defaults) and reports progress to
   * {@code progress} about twice a second. Deletes every directory it made.
   *
   * @throws HeraldException if the file descriptor limit is too low for the clients, a directory or
   *     the transport cannot be used, a publish fails or the SSE clients cannot connect
   * @throws InterruptedException if interrupted; gateways, transports and clients are closed
   */
  public static GatewayBenchReport run(GatewayBenchOptions options, BenchProgress progress)
      throws InterruptedException {
    FileDescriptors.check(Collections.max(options.clients()), options.publishers());
    Optional<BenchLogs> logs =
        options.needsDirectory()
            ? Optional.of(BenchLogs.create(options.parentDirectory()))
            : Optional.empty();
    try (BenchRun run = new BenchRun(progress, options.rounds(), "starting")) {
      return new GatewayBench(options, run, logs).measureAll();
    } finally {
      logs.ifPresent(BenchLogs::close);
    }
  }

  private GatewayBenchReport measureAll() throws InterruptedException {
    List<PublishSide> sides = new ArrayList<>();
    for (String side : options.sides()) {
      sides.add(
          side.equals("gateway")
              ? new GatewayPublishSide(options.transport(), logs)
              : new DirectPublishSide(options.transport(), logs));
    }
    List<GatewayBenchReport.Publish> publishes = new ArrayList<>();
    for (int round = 0; round <= options.rounds(); round++) {
      for (PublishLoad load : options.loads()) {
        for (PublishSide side : BenchRun.order(sides, round)) {
          publishes.add(publish(side, round, load));
        }
      }
    }
    var unused =
        fanout(
            "warm-up fan-out",
            Collections.min(options.clients()),
            Collections.max(options.rates()),
            options.fanoutWarmup());
    List<GatewayBenchReport.Fanout> fanouts = new ArrayList<>();
    for (int clients : options.clients()) {
      for (int rate : options.rates()) {
        fanouts.add(fanout("fan-out", clients, rate, options.fanoutDuration()));
      }
    }
    return new GatewayBenchReport(transport(), options, publishes, fanouts);
  }

  private GatewayBenchReport.Publish publish(PublishSide side, int round, PublishLoad load)
      throws InterruptedException {
    String topic = run.topic(side.name(), round, load.events());
    String which = round == 0 ? "warm-up" : "round " + round + "/" + options.rounds();
    String label = String.format(Locale.ROOT, "%s  %-7s  %-26s", which, side.name(), load.label());
    run.status(label + "  opening");
    PublishPhase phase = new PublishPhase(side.name(), load);
    PublishPhase.Result result;
    try (PublishSide.Target target = side.open(topic)) {
      run.show(() -> label + "  " + phase.status());
      result = phase.run(target, topic, options.warmup(), options.duration());
      run.status(label + "  cleaning up");
    }
    return GatewayBenchReport.Publish.of(round, load, side.name(), result);
  }

  /** One fan-out of {@code clients} at {@code rate}, counting for {@code duration}. */
  private GatewayBenchReport.Fanout fanout(String what, int clients, int rate, Duration duration)
      throws InterruptedException {
    String topic = run.topic(what.startsWith("warm") ? "warmup" : "fanout", clients, rate);
    String label = String.format(Locale.ROOT, "%s  %,d clients at %,d ev/s", what, clients, rate);
    run.status(label + "  opening");
    FanoutPhase phase = new FanoutPhase(clients, rate);
    FanoutPhase.Result result;
    try (BenchTransport transport = BenchTransport.open(options.transport(), logs, topic)) {
      run.show(() -> label + "  " + phase.status());
      result = phase.run(transport.transport(), topic, options.fanoutWarmup(), duration);
      run.status(label + "  cleaning up");
    }
    return GatewayBenchReport.Fanout.of(rate, result);
  }

  /** The transport as the table names it. */
  private String transport() {
    if (logs.isEmpty()) {
      return "memory (Transports.memory)";
    }
    return BenchTransport.uri(options.transport(), java.nio.file.Path.of("DIR"))
        + ", DIR in "
        + logs.get().description();
  }
}
