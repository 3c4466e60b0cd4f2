package io.genport.benchmarks;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs {@code calls} generations through one client from {@code callers} threads that each call,
 * wait and call again (a closed loop), after unmeasured warm-up calls.
 */
final class LoadRun {
  private LoadRun() {}

  /**
   * What one run measured.
   *
   * @param calls measured calls
   * @param p50Nanos median latency of one call
   * @param p99Nanos 99th percentile latency
   * @param perSecond calls per second over the run
   * @param allocatedPerCall bytes allocated by client threads per call
   * @param cpuNanosPerCall client CPU per call
   * @param imageBytes bytes of image delivered per call
   * @param failure the first failure's description, or {@code null}
   */
  record Result(
      int calls,
      long p50Nanos,
      long p99Nanos,
      double perSecond,
      long allocatedPerCall,
      long cpuNanosPerCall,
      long imageBytes,
      String failure,
      long[] sortedLatencies,
      long elapsedNanos) {

    boolean failed() {
      return failure != null;
    }

    static Result failed(String failure) {
      return new Result(0, 0, 0, 0, 0, 0, 0, failure, new long[0], 0);
    }

    /**
     * Several runs of one client as one: latencies pooled, throughput over their summed time. The
     * harness alternates the clients' runs, so a machine whose load changes affects both alike.
     */
    static Result merge(List<Result> runs) {
      for (Result r : runs) {
        if (r.failed()) {
          return r;
        }
      }
      int calls = runs.stream().mapToInt(Result::calls).sum();
      long[] all = new long[calls];
      int at = 0;
      long elapsed = 0;
      long allocated = 0;
      long cpu = 0;
      long bytes = 0;
      for (Result r : runs) {
        System.arraycopy(r.sortedLatencies(), 0, all, at, r.calls());
        at += r.calls();
        elapsed += r.elapsedNanos();
        allocated += r.allocatedPerCall() * r.calls();
        cpu += r.cpuNanosPerCall() * r.calls();
        bytes += r.imageBytes() * r.calls();
      }
      Arrays.sort(all);
      return new Result(
          calls,
          percentile(all, 0.50),
          percentile(all, 0.99),
          calls / (elapsed / 1e9),
          allocated / calls,
          cpu / calls,
          bytes / calls,
          null,
          all,
          elapsed);
    }
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
  }

  static Result run(
      ImageClient client, int callers, int warmup, int calls, Supplier<OutputStream> sinks)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      String warmFailure =
          loop(pool, client, callers, warmup, sinks, new long[warmup], new long[1]);
      if (warmFailure != null) {
        return Result.failed(warmFailure);
      }
      long[] latencies = new long[calls];
      long[] delivered = new long[1];
      ClientThreads.Snapshot before = ClientThreads.snapshot();
      long t0 = System.nanoTime();
      String failure = loop(pool, client, callers, calls, sinks, latencies, delivered);
      long elapsed = System.nanoTime() - t0;
      ClientThreads.Usage used = ClientThreads.snapshot().minus(before);
      if (failure != null) {
        return Result.failed(failure);
      }
      Arrays.sort(latencies);
      return new Result(
          calls,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99),
          calls / (elapsed / 1e9),
          used.allocatedBytes() / calls,
          used.cpuNanos() / calls,
          delivered[0] / calls,
          null,
          latencies,
          elapsed);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code calls} calls over {@code callers} threads; the first failure, or null. */
  private static String loop(
      ExecutorService pool,
      ImageClient client,
      int callers,
      int calls,
      Supplier<OutputStream> sinks,
      long[] latencies,
      long[] delivered)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    List<Future<String>> workers = new ArrayList<>();
    for (int w = 0; w < callers; w++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                  long start = System.nanoTime();
                  try (OutputStream out = sinks.get()) {
                    bytes.addAndGet(client.generate(out));
                  } catch (Exception | OutOfMemoryError e) {
                    next.set(calls);
                    return client.name() + ": " + e;
                  }
                  latencies[i] = System.nanoTime() - start;
                }
                return null;
              }));
    }
    String failure = null;
    for (Future<String> f : workers) {
      try {
        String r = f.get();
        failure = failure == null ? r : failure;
      } catch (java.util.concurrent.ExecutionException e) {
        failure = failure == null ? String.valueOf(e.getCause()) : failure;
      }
    }
    delivered[0] = bytes.get();
    return failure;
  }
}
