package io.genport.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/**
 * Allocation and CPU of every live thread except the loopback vendor's, read from HotSpot's
 * per-thread counters. The figures cover the client side only: callers, GenPort's router and its
 * transport's I/O and callback threads, or the raw client's. A thread that ends between two
 * readings takes its share with it, so the harness keeps its pools alive across a measurement.
 */
final class ClientThreads {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    if (THREADS.isThreadAllocatedMemorySupported()) {
      THREADS.setThreadAllocatedMemoryEnabled(true);
    }
    if (THREADS.isThreadCpuTimeSupported()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  private ClientThreads() {}

  /** Totals at one moment. */
  record Snapshot(long allocatedBytes, long cpuNanos, int threads) {
    Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          allocatedBytes - earlier.allocatedBytes, cpuNanos - earlier.cpuNanos, threads);
    }
  }

  static Snapshot snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    long[] allocated = THREADS.getThreadAllocatedBytes(ids);
    long[] cpu = THREADS.getThreadCpuTime(ids);
    long a = 0;
    long c = 0;
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null || infos[i].getThreadName().startsWith(LoopbackVendor.THREAD_PREFIX)) {
        continue;
      }
      n++;
      a += Math.max(0, allocated[i]);
      c += Math.max(0, cpu[i]);
    }
    return new Snapshot(a, c, n);
  }
}
