package io.genport.core.application;

import java.time.Duration;
import java.util.Arrays;

/**
 * When one target's recent jobs ended, as time from the vendor's acceptance to the end: the last
 * {@link #CAPACITY} observations in a ring, and from them the window in which its jobs usually end
 * (the {@link #LOW_PERCENTILE}th to the {@link #HIGH_PERCENTILE}th percentile), once at least
 * {@link #MIN_OBSERVATIONS} have been seen. One per target of a route (the route's targets are
 * fixed, so the router holds a bounded number of these), each a fixed array: memory does not grow
 * with the number of jobs. Thread-safe: the ring is guarded by its lock, the window is recomputed
 * when an observation arrives (ends are far rarer than polls) and read without the lock.
 */
final class JobEndHistory {
  /**
   * How many recent ends are kept; older ones drop out, so the window follows a changing vendor.
   */
  static final int CAPACITY = 64;

  /** Fewer ends than this say too little about a target to move its polls. */
  static final int MIN_OBSERVATIONS = 5;

  /** The window's start: a tenth of the jobs ended before it. */
  static final int LOW_PERCENTILE = 10;

  /** The window's end: a tenth of the jobs ended after it. */
  static final int HIGH_PERCENTILE = 90;

  private final Object lock = new Object();
  private final long[] ring = new long[CAPACITY];
  private int size;
  private int next;
  private volatile PollSchedule.EndWindow window;

  /**
   * Records that a job ended {@code elapsed} after its acceptance; a negative one (a clock that
   * stepped back) counts as an end at once.
   */
  void record(Duration elapsed) {
    long nanos = Math.max(0, elapsed.toNanos());
    synchronized (lock) {
      ring[next] = nanos;
      next = (next + 1) % CAPACITY;
      if (size < CAPACITY) {
        size++;
      }
      if (size < MIN_OBSERVATIONS) {
        return;
      }
      long[] sorted = Arrays.copyOf(ring, size);
      Arrays.sort(sorted);
      window =
          new PollSchedule.EndWindow(
              Duration.ofNanos(percentile(sorted, LOW_PERCENTILE)),
              Duration.ofNanos(percentile(sorted, HIGH_PERCENTILE)));
    }
  }

  /** The window in which this target's jobs usually end, or {@code null} while too few ended. */
  PollSchedule.EndWindow window() {
    return window;
  }

  /** How many ends are held now; at most {@link #CAPACITY}. */
  int size() {
    synchronized (lock) {
      return size;
    }
  }

  /** The nearest-rank percentile of {@code sorted}. */
  private static long percentile(long[] sorted, int p) {
    int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
  }
}
