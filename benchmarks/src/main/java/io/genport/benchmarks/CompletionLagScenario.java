package io.genport.benchmarks;

import io.genport.core.application.GenerationRouter;
import io.genport.core.application.PollSchedule;
import io.genport.core.application.Route;
import io.genport.core.application.RouterSettings;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.Size;
import io.genport.core.port.GenerationJob;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Completion lag: the time from a job's end at the vendor (the simulator's creation time of the job
 * plus the duration it was given) to the result in the caller's hands (the router's result future
 * completing, images downloaded), with the vendor's server-sent events and with polling alone. Jobs
 * are given durations drawn uniformly between two bounds and are submitted one after the other a
 * few milliseconds apart, so they run overlapping. With {@code learn=N}, N jobs drawn from the same
 * durations run first, unmeasured, so the router has learned when the target's jobs end (as a
 * router in service has); with the default 0 each row starts from a router with no history. {@code
 * densePolls=0} turns the learned and the assumed end window off (the base poll schedule alone),
 * for comparison.
 *
 * <pre>
 * java -cp ... io.genport.benchmarks.CompletionLagScenario [jobs=60] [vendor=fal|oxen|all]
 *     [min=1s] [max=6s] [learn=0] [densePolls=20]
 * </pre>
 */
public final class CompletionLagScenario {
  private CompletionLagScenario() {}

  /** One mode's figures. */
  record Figures(
      String vendor,
      String mode,
      int jobs,
      double p50Ms,
      double p90Ms,
      double maxMs,
      double pollsPerJob,
      double signalP50Ms,
      double lastPollP50Ms,
      double handOverP50Ms) {
    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %.1f | %.1f |",
          vendor,
          mode,
          jobs,
          p50Ms,
          p90Ms,
          maxMs,
          pollsPerJob,
          Double.isNaN(signalP50Ms) ? "-" : String.format(Locale.ROOT, "%.1f", signalP50Ms),
          lastPollP50Ms,
          handOverP50Ms);
    }
  }

  static final String HEADER =
      "| vendor | mode | jobs | lag p50 ms | lag p90 ms | lag max ms | status requests per job"
          + " | event after end p50 ms | last poll p50 ms | hand-over p50 ms |\n"
          + "|---|---|---|---|---|---|---|---|---|---|";

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(Args.get(args, "jobs", "60"));
    String vendor = Args.get(args, "vendor", "all");
    Duration min = Args.duration(args, "min", "1s");
    Duration max = Args.duration(args, "max", "6s");
    int learn = Integer.parseInt(Args.get(args, "learn", "0"));
    PollSchedule base = PollSchedule.DEFAULT;
    PollSchedule schedule =
        new PollSchedule(
            base.first(),
            base.growth(),
            base.whileSignalled(),
            Integer.parseInt(
                Args.get(args, "densePolls", String.valueOf(PollSchedule.DEFAULT_DENSE_POLLS))));
    List<String> vendors = vendor.equals("all") ? SimulatedVendor.NAMES : List.of(vendor);
    List<Figures> rows = new ArrayList<>();
    for (String v : vendors) {
      for (boolean events : new boolean[] {true, false}) {
        Figures f = run(v, events, jobs, min, max, 42, learn, schedule);
        System.out.println(f.row());
        rows.add(f);
      }
    }
    System.out.println();
    System.out.println(
        "Completion lag, "
            + jobs
            + " jobs per row of "
            + min.toMillis()
            + " to "
            + max.toMillis()
            + " ms each (uniform), submitted 10 ms apart, after "
            + learn
            + " unmeasured jobs of the same durations, at most "
            + schedule.densePolls()
            + " polls over the learned end window:");
    System.out.println(HEADER);
    rows.forEach(r -> System.out.println(r.row()));
  }

  /**
   * Runs {@code jobs} jobs against {@code vendor} with events or polling alone, after {@code learn}
   * unmeasured ones of the same durations.
   */
  static Figures run(
      String vendor,
      boolean events,
      int jobs,
      Duration min,
      Duration max,
      long seed,
      int learn,
      PollSchedule schedule)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    try (SimulatedVendor sim = SimulatedVendor.start(vendor);
        HttpClient5Transport transport = new HttpClient5Transport()) {
      TimedProvider provider = new TimedProvider(sim.provider(transport, events ? 64 : 0));
      GenerationRouter router =
          GenerationRouter.builder(Route.builder().target(provider, sim.model).build())
              .settings(
                  RouterSettings.builder()
                      .deadline(Duration.ofMinutes(5))
                      .pollSchedule(schedule)
                      .build())
              .build();
      // Warm-up: class loading, JIT and the first connections stay out of the figures.
      sim.nextJobRuns(Duration.ofMillis(50));
      for (int i = 0; i < 3; i++) {
        router.generateAsync(request(i)).get(60, TimeUnit.SECONDS);
      }
      SplittableRandom learning = new SplittableRandom(seed + 1);
      List<CompletableFuture<GenerationResult>> learned = new ArrayList<>();
      for (int i = 0; i < learn; i++) {
        sim.nextJobRuns(between(min, max, learning));
        learned.add(router.generateAsync(request(i)));
        Thread.sleep(10);
      }
      CompletableFuture.allOf(learned.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      List<Duration> runs = new ArrayList<>();
      List<CompletableFuture<Ended>> ends = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        Duration d = between(min, max, random);
        sim.nextJobRuns(d);
        GenerationJob job = router.submit(request(i), null);
        runs.add(d);
        ends.add(job.result().thenApply(r -> new Ended(Instant.now(), onlyJobId(r))));
        Thread.sleep(10);
      }
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      double[] lags = new double[jobs];
      double[] signals = new double[jobs];
      double[] lastPolls = new double[jobs];
      double[] handOvers = new double[jobs];
      int signalled = 0;
      long polls = 0;
      for (int i = 0; i < jobs; i++) {
        Ended e = ends.get(i).join();
        String id = e.jobId();
        Instant vendorEnd = sim.createdAt(id).plus(runs.get(i));
        lags[i] = ms(vendorEnd, e.at());
        TimedProvider.Marks m = provider.of(id);
        if (m.signalled != null) {
          signals[signalled++] = ms(vendorEnd, m.signalled);
        }
        lastPolls[i] = ms(m.lastPollSent, m.lastPollAnswered);
        handOvers[i] = ms(m.lastPollAnswered, e.at());
        polls += sim.statusPolls(id);
      }
      java.util.Arrays.sort(lags);
      double[] sig = java.util.Arrays.copyOf(signals, signalled);
      java.util.Arrays.sort(sig);
      java.util.Arrays.sort(lastPolls);
      java.util.Arrays.sort(handOvers);
      return new Figures(
          vendor,
          events ? "events" : "polling",
          jobs,
          percentile(lags, 50),
          percentile(lags, 90),
          lags[lags.length - 1],
          (double) polls / jobs,
          sig.length == 0 ? Double.NaN : percentile(sig, 50),
          percentile(lastPolls, 50),
          percentile(handOvers, 50));
    }
  }

  /** A duration drawn uniformly from {@code min} to {@code max}. */
  private static Duration between(Duration min, Duration max, SplittableRandom random) {
    long span = max.toNanos() - min.toNanos();
    return min.plusNanos(span <= 0 ? 0 : random.nextLong(span));
  }

  private static double ms(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  /** When a call's result reached the caller, and its vendor job. */
  private record Ended(Instant at, String jobId) {}

  private static String onlyJobId(GenerationResult r) {
    if (r.vendorRequestIds().size() != 1) {
      throw new IllegalStateException("expected one vendor job, got " + r.vendorRequestIds());
    }
    return r.vendorRequestIds().get(0);
  }

  private static GenerationRequest request(int i) {
    return GenerationRequest.builder("lag " + i).seed((long) i).size(Size.exact(256, 256)).build();
  }

  static double percentile(double[] sorted, int p) {
    int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
  }
}
