package io.genport.spark;

import io.genport.simulators.JobTiming;
import io.genport.simulators.ManualClock;
import io.genport.simulators.fal.FalJob;
import io.genport.simulators.fal.FalSimulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A fal simulator on loopback and the settings that point a batch's executors at it. */
final class SimulatedFal implements AutoCloseable {
  static final String KEY = "spark-test-id:spark-test-secret";

  final FalSimulator fal;
  final ManualClock clock;

  private SimulatedFal(FalSimulator fal, ManualClock clock) {
    this.fal = fal;
    this.clock = clock;
  }

  /** Jobs that end after one status poll. */
  static SimulatedFal quick() {
    ManualClock clock = new ManualClock();
    return new SimulatedFal(
        FalSimulator.builder().apiKey(KEY).clock(clock).jobTiming(JobTiming.immediate()).start(),
        clock);
  }

  /** Jobs that run until {@link #finishJobs()}: a slow task, held where the test wants it. */
  static SimulatedFal held() {
    ManualClock clock = new ManualClock();
    return new SimulatedFal(
        FalSimulator.builder()
            .apiKey(KEY)
            .clock(clock)
            .jobTiming(JobTiming.durations(java.time.Duration.ZERO, java.time.Duration.ofHours(1)))
            .start(),
        clock);
  }

  /** Lets every held job finish. */
  void finishJobs() {
    clock.advance(java.time.Duration.ofHours(2));
  }

  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GENPORT_FAL_BASE_URL", fal.syncBaseUri().toString());
    env.put("GENPORT_FAL_QUEUE_URL", fal.queueBaseUri().toString());
    env.put("GENPORT_FAL_DOWNLOAD_ALLOW", fal.mediaBaseUri().getHost());
    return env;
  }

  CredentialSource credentials() {
    return CredentialSource.of(Map.of("FAL_KEY", KEY));
  }

  /** How many jobs the vendor created for each prompt: what it would bill, per row. */
  Map<String, Integer> jobsPerPrompt() {
    Map<String, Integer> out = new TreeMap<>();
    List<FalJob> jobs = fal.jobs();
    for (FalJob j : jobs) {
      out.merge(j.prompt().orElse("?"), 1, Integer::sum);
    }
    return out;
  }

  /** Rows the vendor holds more than one job for, counted once per extra job. */
  int billedTwice() {
    return jobsPerPrompt().values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
  }

  @Override
  public void close() {
    fal.close();
  }
}
