package dev.herald.bench;

import java.lang.management.ManagementFactory;

/**
 * The CPU time of this JVM process, all its threads together (and so the embedded broker's, when
 * the bench runs one), as {@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime} tells
 * it. The operating system counts it in ticks: on Linux it moves in steps of 10 ms.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU time the process has used so far, or -1 if this JVM cannot tell. */
  static long nanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
