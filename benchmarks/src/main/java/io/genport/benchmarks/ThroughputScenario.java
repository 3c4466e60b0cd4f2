package io.genport.benchmarks;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * GenPort against the raw client, same loopback vendor, same calls: latency percentiles, calls per
 * second and client-side allocation and CPU per call, at 1 and 64 concurrent callers, for fal's
 * sync protocol (POST answering with an image URL, GET the image) and its queue protocol (submit,
 * status, result, image). The image is held in memory and then discarded. Each client's calls run
 * in {@link #ROUNDS} parts, alternating with the other client's.
 */
final class ThroughputScenario implements Scenario {
  static final int[] CALLERS = {1, 64};

  /** Each client's calls are split into this many runs, the clients' runs alternating. */
  static final int ROUNDS = 3;

  private static final Supplier<OutputStream> NO_SINK = OutputStream::nullOutputStream;

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public void run(HarnessSettings settings, Report report) throws Exception {
    Report.Table t =
        report.table(
            "GenPort vs raw HttpClient 5, " + kib(settings.imageBytes()) + " image",
            "protocol",
            "callers",
            "raw p50 ms",
            "genport p50 ms",
            "p50 +ms",
            "raw p99 ms",
            "genport p99 ms",
            "raw calls/s",
            "genport calls/s",
            "throughput ratio",
            "raw KiB/call",
            "genport KiB/call",
            "raw CPU µs/call",
            "genport CPU µs/call");
    byte[] image = SyntheticPng.of(settings.imageBytes(), 1024, 1024);
    try (LoopbackVendor vendor = new LoopbackVendor(image)) {
      for (Protocol protocol : new Protocol[] {Protocol.SYNC, Protocol.QUEUE}) {
        try (GenportClient genport = new GenportClient(vendor, protocol);
            RawClient raw = new RawClient(vendor, protocol, genport.plannedBody())) {
          for (int callers : CALLERS) {
            int rounds = settings.smoke() ? 1 : ROUNDS;
            int calls = Math.max(1, settings.calls(protocol, callers) / rounds);
            int warmup = settings.warmup(protocol, callers);
            List<LoadRun.Result> rawRuns = new ArrayList<>();
            List<LoadRun.Result> genportRuns = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
              // Alternating, so a change in the machine's load falls on both clients alike.
              int warm = round == 0 ? warmup : callers;
              rawRuns.add(LoadRun.run(raw, callers, warm, calls, NO_SINK));
              genportRuns.add(LoadRun.run(genport, callers, warm, calls, NO_SINK));
            }
            LoadRun.Result r = LoadRun.Result.merge(rawRuns);
            LoadRun.Result g = LoadRun.Result.merge(genportRuns);
            if (r.failed() || g.failed()) {
              t.row(
                  protocol.label,
                  callers,
                  "failed: " + (r.failed() ? r.failure() : g.failure()),
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  "");
              continue;
            }
            t.row(
                protocol.label,
                callers,
                ms(r.p50Nanos()),
                ms(g.p50Nanos()),
                ms(g.p50Nanos() - r.p50Nanos()),
                ms(r.p99Nanos()),
                ms(g.p99Nanos()),
                String.format(Locale.ROOT, "%.0f", r.perSecond()),
                String.format(Locale.ROOT, "%.0f", g.perSecond()),
                String.format(Locale.ROOT, "%.2f", g.perSecond() / r.perSecond()),
                r.allocatedPerCall() / 1024,
                g.allocatedPerCall() / 1024,
                r.cpuNanosPerCall() / 1000,
                g.cpuNanosPerCall() / 1000);
          }
        }
      }
    }
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  static String kib(int bytes) {
    return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
  }
}
