package dev.herald.log.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link CrashChild} in its own JVM, and a thread that reads what it prints: each {@code
 * ack KEY SEQ} raises that key's count in the shared array of acknowledged events.
 */
final class CrashChildProcess {
  private final Process process;
  private final long[] acknowledged;
  private final Thread reader;
  private final List<String> problems = new ArrayList<>();
  private boolean ready;
  private boolean ended;
  private long repairs;
  private String lastLine = "";

  private CrashChildProcess(Process process, long[] acknowledged) {
    this.process = process;
    this.acknowledged = acknowledged;
    this.reader = Thread.ofPlatform().daemon().name("crashtest-child-output").start(this::read);
  }

  /** Starts a child publishing to {@code uri} from the next sequence number of each key. */
  static CrashChildProcess start(String uri, long[] acknowledged, Path errors) throws IOException {
    StringBuilder next = new StringBuilder();
    for (long count : acknowledged) {
      next.append(next.isEmpty() ? "" : ",").append(count);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                uri,
                next.toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
            .start();
    return new CrashChildProcess(process, acknowledged);
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        handle(line);
      }
    } catch (IOException e) {
      synchronized (this) {
        problems.add("reading what the publisher printed failed: " + e);
      }
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  private synchronized void handle(String line) {
    lastLine = line;
    if (line.equals("ready")) {
      ready = true;
      notifyAll();
    } else if (line.startsWith("repair ")) {
      repairs++;
    } else if (line.startsWith("ack ")) {
      String[] parts = line.split(" ", -1);
      int key = Integer.parseInt(parts[1].substring(1));
      long seq = Long.parseLong(parts[2]);
      if (seq != acknowledged[key]) {
        problems.add(
            "key " + parts[1] + " was acknowledged at " + seq + " after " + acknowledged[key]);
      }
      acknowledged[key] = Math.max(acknowledged[key], seq + 1);
    } else if (line.startsWith("error")) {
      problems.add("the publisher failed: " + line);
    }
  }

  /** Waits until the child opened the log; false if it did not within {@code timeout}. */
  synchronized boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready && !ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return ready;
  }

  /** Lets the child publish for {@code duration}, or until it ends on its own. */
  synchronized void publishFor(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    problems.add("the publisher exited on its own: " + lastLine);
  }

  /** Kills the child with SIGKILL and reads the rest of what it printed. */
  void kill() throws InterruptedException {
    // Process.destroyForcibly would also close our end of its output, losing acks in the pipe
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  synchronized long repairs() {
    return repairs;
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** The last line the child printed, for errors. */
  synchronized String lastWords() {
    return lastLine.isEmpty() ? "" : "; its last words: " + lastLine;
  }
}
