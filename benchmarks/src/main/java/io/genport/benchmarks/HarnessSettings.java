package io.genport.benchmarks;

import java.nio.file.Path;

/**
 * How much the harness measures.
 *
 * @param smoke a few calls per cell, to prove the harness runs (the tests use it); figures are
 *     meaningless then
 * @param syncCalls measured calls per client and cell, sync protocol, at the highest concurrency
 * @param queueCalls measured calls per client and cell, queue protocol, at the highest concurrency
 * @param imageBytes the image size in the throughput comparison
 * @param largeImageBytes the image size in the allocation measurement
 * @param workDir where images written to files go
 */
record HarnessSettings(
    boolean smoke,
    int syncCalls,
    int queueCalls,
    int imageBytes,
    int largeImageBytes,
    Path workDir) {

  HarnessSettings {
    if (syncCalls < 1 || queueCalls < 1) {
      throw new IllegalArgumentException("syncCalls and queueCalls must be at least 1");
    }
    if (imageBytes < 1024 || largeImageBytes < 1024) {
      throw new IllegalArgumentException("imageBytes and largeImageBytes must be at least 1024");
    }
  }

  /** The figures the README shows. */
  static HarnessSettings full(Path workDir) {
    return new HarnessSettings(false, 6000, 256, 256 * 1024, 16 * 1024 * 1024, workDir);
  }

  /** Seconds, not minutes: every scenario runs, with a handful of calls and small images. */
  static HarnessSettings smoke(Path workDir) {
    return new HarnessSettings(true, 16, 4, 4096, 64 * 1024, workDir);
  }

  /** Calls at {@code callers} concurrent callers: fewer for one caller, which is slower. */
  int calls(Protocol protocol, int callers) {
    int most = protocol == Protocol.QUEUE ? queueCalls : syncCalls;
    return callers == 1 ? Math.max(2, most / 12) : most;
  }

  /** Unmeasured calls first: class loading, JIT, connections. */
  int warmup(Protocol protocol, int callers) {
    return smoke ? callers : Math.max(callers * 2, calls(protocol, callers) / 5);
  }
}
