package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The file descriptors the gateway bench needs: both ends of every connection live in this JVM, so
 * each SSE client and each publisher takes two sockets.
 */
final class FileDescriptors {
  /** Descriptors kept free for the JVM, the transport's files and the gateway's own. */
  static final int SPARE = 256;

  private FileDescriptors() {}

  /** Descriptors needed for {@code clients} SSE clients and {@code publishers} connections. */
  static long needed(int clients, int publishers, long open) {
    return 2L * clients + 2L * (publishers + 1) + open + SPARE;
  }

  /**
   * Checks that {@code needed} fits the process's limit, if the JVM can tell it.
   *
   * @throws HeraldException saying how to raise the limit, or to give fewer clients
   */
  static void check(int clients, int publishers) {
    OptionalLong limit = limit();
    if (limit.isEmpty()) {
      return;
    }
    long needed = needed(clients, publishers, open());
    check(clients, needed, limit.getAsLong());
  }

  static void check(int clients, long needed, long limit) {
    if (needed > limit) {
      throw new HeraldException(
          String.format(
              Locale.ROOT,
              "%,d SSE clients need about %,d file descriptors in this JVM (a socket for each"
                  + " client and one for the gateway's end of it), but the limit is %,d: raise it"
                  + " with `ulimit -n %d` (at most `ulimit -Hn`) in the shell that runs the bench,"
                  + " or give fewer --clients",
              clients,
              needed,
              limit,
              needed));
    }
  }

  private static OptionalLong limit() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? OptionalLong.of(unix.getMaxFileDescriptorCount())
        : OptionalLong.empty();
  }

  private static long open() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? unix.getOpenFileDescriptorCount()
        : 0;
  }
}
