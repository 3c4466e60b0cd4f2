package io.genport.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * Allocation and CPU of every live thread except the loopback vendor's, read from HotSpot's
 * per-thread counters. The figures cover the client side only: callers, GenPort's router and its
 * transport's I/O and callback threads, or the raw client's. Differences are taken per thread, so a
 * thread that ends between two readings (a closed client's pool) does not subtract its earlier
 * work; one that starts and ends between them is missed, so the harness keeps its pools alive
 * across a measurement.
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

  /** Per-thread counters at one moment: thread id to {allocated bytes, CPU nanoseconds}. */
  record Snapshot(Map<Long, long[]> counters) {

    /** What the client threads did since {@code earlier}. */
    Usage minus(Snapshot earlier) {
      long allocated = 0;
      long cpu = 0;
      for (Map.Entry<Long, long[]> e : counters.entrySet()) {
        long[] now = e.getValue();
        long[] then = earlier.counters.getOrDefault(e.getKey(), new long[2]);
        allocated += Math.max(0, now[0] - then[0]);
        cpu += Math.max(0, now[1] - then[1]);
      }
      return new Usage(allocated, cpu);
    }
  }

  /** Totals over the client threads. */
  record Usage(long allocatedBytes, long cpuNanos) {}

  static Snapshot snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    long[] allocated = THREADS.getThreadAllocatedBytes(ids);
    long[] cpu = THREADS.getThreadCpuTime(ids);
    Map<Long, long[]> counters = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null || infos[i].getThreadName().startsWith(LoopbackVendor.THREAD_PREFIX)) {
        continue;
      }
      counters.put(ids[i], new long[] {Math.max(0, allocated[i]), Math.max(0, cpu[i])});
    }
    return new Snapshot(counters);
  }
}
