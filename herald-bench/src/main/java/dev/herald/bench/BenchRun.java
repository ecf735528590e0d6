package dev.herald.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What every bench run does around its measurements: the loop over rounds, sizes and sides (a
 * warm-up round first, the order of the sides rotating each round so that each goes first equally
 * often and noise on the machine hits all alike), a run id for fresh topic names, and the progress
 * line, refreshed about twice a second from a thread of its own until {@link #close()}.
 */
final class BenchRun implements AutoCloseable {
  /** Measures one side at one size in one round. */
  interface Measure<S, M> {
    M measure(S side, int round, Payloads payloads) throws InterruptedException;
  }

  /** What a measurement takes after {@link Phases#measure}, on the same session. */
  interface Then<M> {
    /**
     * Returns the measurement from {@code result}, after phases of its own; {@code label} starts
     * the status of each (see {@link #show}).
     */
    M finish(Phases phases, Phases.Result result, String label) throws InterruptedException;
  }

  /** A step that may wait. */
  interface Step<T> {
    T call() throws InterruptedException;
  }

  private final BenchProgress progress;
  private final int rounds;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicReference<Supplier<String>> status;
  private final ScheduledExecutorService ticker;

  /** Starts showing {@code first} on {@code progress}; {@code rounds} counted rounds follow. */
  BenchRun(BenchProgress progress, int rounds, String first) {
    this.progress = progress;
    this.rounds = rounds;
    this.status = new AtomicReference<>(() -> first);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("bench-progress").unstarted(r));
    var unused =
        ticker.scheduleAtFixedRate(
            () -> progress.show(status.get().get()), 0, 500, TimeUnit.MILLISECONDS);
  }

  /**
   * Measures every side at every size ({@code keys} keys) in the warm-up round 0 and then rounds 1
   * to {@code rounds}, the sides in {@link #order} of the round; returns the measurements in the
   * order taken.
   */
  <S, M> List<M> everyRound(List<Integer> sizes, int keys, List<S> sides, Measure<S, M> measure)
      throws InterruptedException {
    List<M> measurements = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      List<S> order = order(sides, round);
      for (int size : sizes) {
        Payloads payloads = new Payloads(size, keys);
        for (S side : order) {
          measurements.add(measure.measure(side, round, payloads));
        }
      }
    }
    return measurements;
  }

  /**
   * Opens {@code side} on {@code topic}, takes {@link Phases#measure} with {@code workload} and
   * then {@code then} on the same session, and closes the session; the status shows each phase.
   */
  <M> M measure(
      Side side, String topic, int round, Payloads payloads, Workload workload, Then<M> then)
      throws InterruptedException {
    try (Side.Session session = side.open(topic, topic + ".group", payloads)) {
      Phases phases = new Phases(side.name(), session, payloads, ProcessCpu::nanos);
      String label = label(side.name(), round, payloads.size());
      Phases.Result result =
          phases.measure(
              workload.latencyEvents(),
              workload.rate(),
              workload.events(),
              workload.maxInFlight(),
              step -> show(label + "  " + step, phases));
      return then.finish(phases, result, label);
    }
  }

  /**
   * The sides in the order of round {@code round}: {@code sides} rotated left by the round, so that
   * over any {@code sides.size()} consecutive rounds each side goes first (and last) once.
   */
  static <T> List<T> order(List<T> sides, int round) {
    List<T> order = new ArrayList<>(sides);
    Collections.rotate(order, -(round % Math.max(1, sides.size())));
    return order;
  }

  /** A topic name of this run that no other side, round or size uses. */
  String topic(String side, int round, int size) {
    return String.format(Locale.ROOT, "bench.%s.%s.r%d.s%d", id, side, round, size);
  }

  /** Such as {@code round 2/5 herald 100 B}, to start a status with. */
  String label(String side, int round, int size) {
    String which = round == 0 ? "warm-up" : "round " + round + "/" + rounds;
    return String.format(Locale.ROOT, "%s  %-11s  %s", which, side, Lines.size(size));
  }

  /** Shows {@code text} from now on. */
  void status(String text) {
    status.set(() -> text);
  }

  /** Shows what {@code status} returns, asked again at each refresh, from now on. */
  void show(Supplier<String> status) {
    this.status.set(status);
  }

  /** Shows {@code label} with how far {@code phases} has got, from now on. */
  void show(String label, Phases phases) {
    status.set(
        () -> {
          Receipts receipts = phases.receipts();
          return String.format(
              Locale.ROOT,
              "%s  sent %,d/%,d  received %,d",
              label,
              phases.sent(),
              receipts.expected(),
              receipts.count());
        });
  }

  /** Stops the progress line and tells {@code progress} the bench is done. */
  @Override
  public void close() {
    ticker.shutdownNow();
    progress.done();
  }
}
