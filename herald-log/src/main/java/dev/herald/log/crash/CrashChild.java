package dev.herald.log.crash;

import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import dev.herald.log.RecoveryReport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The publisher a crash test kills: opens the log (recovering it), prints {@code repair ...} for
 * each repair and {@code ready}, then publishes each key's events in order, one in flight per key,
 * and prints {@code ack KEY SEQ} once an event is acknowledged. Runs until killed.
 *
 * <p>Arguments: the log URI, then the next sequence number of each key, comma-separated.
 */
final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    String[] next = args[1].split(",", -1);
    try {
      LogTransport log = LogTransports.open(args[0]);
      for (RecoveryReport.Repair repair : log.recoveryReport().repairs()) {
        say(out, "repair " + repair);
      }
      say(out, "ready");
      List<Thread> publishers = new ArrayList<>();
      for (int i = 0; i < next.length; i++) {
        String key = CrashEvents.key(i);
        long first = Long.parseLong(next[i]);
        publishers.add(
            Thread.ofPlatform()
                .name("publisher-" + key)
                .start(() -> publish(log, key, first, out)));
      }
      for (Thread publisher : publishers) {
        publisher.join();
      }
    } catch (Throwable e) {
      say(out, "error " + e);
      System.exit(2);
    }
  }

  private static void publish(LogTransport log, String key, long first, PrintStream out) {
    try {
      for (long seq = first; ; seq++) {
        log.append(CrashEvents.TOPIC, List.of(CrashEvents.event(key, seq))).join();
        say(out, "ack " + key + " " + seq);
      }
    } catch (Throwable e) {
      say(out, "error publishing " + key + ": " + e);
      System.exit(3);
    }
  }

  private static void say(PrintStream out, String line) {
    synchronized (out) {
      out.println(line.replace('\n', ' '));
      out.flush();
    }
  }
}
