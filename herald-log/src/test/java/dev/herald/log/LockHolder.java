package dev.herald.log;

import java.nio.file.Path;

/** Run in a child JVM: holds a log directory until its standard input closes. */
final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (LogTransport log = LogTransports.open(Path.of(args[0]))) {
      System.out.println("holding " + log.directory());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    }
  }
}
