package dev.herald.log.crash;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.log.CorruptLogException;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A crash test of the log transport with {@code fsync=always}: a child JVM publishes keyed events
 * and reports each acknowledgement; the harness kills it with SIGKILL at a random moment, restarts
 * it (which recovers the log) and does it again; at the end it reads the log back and checks that
 * every acknowledged event is there, intact, in order per key, and nothing else is (duplicates of
 * events in flight at a kill are allowed and counted).
 *
 * <p>For {@code herald crashtest log}; a quick run is part of the module's tests.
 */
public final class LogCrashHarness {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  private LogCrashHarness() {}

  /**
   * Runs the crash test, telling {@code progress} about each cycle, and returns the verdict. Blocks
   * until done; the child's standard error goes to {@code child-stderr.log} in the directory.
   *
   * @throws IOException if the directory cannot be used or the child cannot be started
   */
  public static CrashTestResult run(CrashTestSettings settings, Consumer<String> progress)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    Path logDirectory = settings.directory().resolve("log");
    Files.createDirectories(logDirectory);
    String uri = "log:" + logDirectory + "?fsync=always";
    Random random = new Random(settings.seed());
    long[] acknowledged = new long[settings.keys()];
    List<String> problems = new ArrayList<>();
    long repairs = 0;
    int cycles = 0;
    while (cycles < settings.cycles() && problems.isEmpty()) {
      CrashChildProcess child =
          CrashChildProcess.start(
              uri, acknowledged, settings.directory().resolve("child-stderr.log"));
      long runMillis;
      try {
        if (!child.awaitReady(START_TIMEOUT)) {
          problems.add("the publisher did not start within " + START_TIMEOUT + child.lastWords());
          break;
        }
        long shortest = settings.shortestRun().toMillis();
        runMillis = shortest + random.nextLong(settings.longestRun().toMillis() - shortest + 1);
        child.publishFor(Duration.ofMillis(runMillis));
      } finally {
        child.kill();
      }
      cycles++;
      repairs += child.repairs();
      problems.addAll(child.problems());
      progress.accept(
          String.format(
              Locale.ROOT,
              "cycle %d/%d: killed the publisher after %d ms; %,d events acknowledged so far%s",
              cycles,
              settings.cycles(),
              runMillis,
              total(acknowledged),
              child.repairs() == 0 ? "" : ", " + child.repairs() + " repairs on its start"));
    }
    KeyedAudit audit = new KeyedAudit(acknowledged);
    try (LogTransport log = LogTransports.open(uri)) {
      repairs += log.recoveryReport().repairs().size();
      readBack(log, audit);
    } catch (CorruptLogException e) {
      audit.damaged();
      problems.add(e.getMessage());
    }
    progress.accept(String.format(Locale.ROOT, "read back %,d records", audit.stored()));
    return new CrashTestResult(
        cycles,
        audit.acknowledged(),
        audit.stored(),
        audit.lost(),
        audit.unexpected(),
        audit.corrupt(),
        audit.orderViolations(),
        audit.duplicates(),
        repairs,
        Duration.ofNanos(System.nanoTime() - started),
        problems);
  }

  private static void readBack(LogTransport log, KeyedAudit audit) throws InterruptedException {
    int partitions = log.partitions(CrashEvents.TOPIC);
    long[] next = new long[partitions];
    long[] ends = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      next[p] = log.startOffset(CrashEvents.TOPIC, p);
      ends[p] = log.endOffset(CrashEvents.TOPIC, p);
    }
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    try (Subscription reader =
        log.subscribe(
            CrashEvents.TOPIC,
            "crashtest-audit-" + System.nanoTime(),
            StartPosition.earliest(),
            RebalanceListener.none())) {
      while (!reachedEnds(next, ends)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("reading the log back took longer than " + READ_TIMEOUT);
        }
        for (Delivery delivery : reader.poll(Duration.ofMillis(200))) {
          audit.read(delivery.envelope().dataAsString());
          next[delivery.partition()] = delivery.offset() + 1;
        }
      }
    }
  }

  private static boolean reachedEnds(long[] next, long[] ends) {
    for (int p = 0; p < next.length; p++) {
      if (next[p] < ends[p]) {
        return false;
      }
    }
    return true;
  }

  private static long total(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}
