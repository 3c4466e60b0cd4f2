package io.genport.benchmarks;

import io.genport.simulators.Fault;
import io.genport.simulators.JobTiming;
import io.genport.simulators.fal.FalJob;
import io.genport.simulators.fal.FalSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A fal simulator in a JVM of its own, so that a scenario's thread and heap figures are the
 * client's alone. Prints {@code ready <sync> <queue> <media>} once serving; then answers each
 * {@code stats} line on stdin with {@code stats <jobs> <status requests>}, and stops when stdin
 * closes. With {@code submit503=N} its first {@code N} submits are answered 503 with a {@code
 * Retry-After} of {@code retryAfter} seconds (default 10), so that many calls wait in a backoff.
 *
 * <pre>java -cp ... io.genport.benchmarks.SimulatorProcess run=30s [submit503=0] [retryAfter=10]
 * </pre>
 */
public final class SimulatorProcess {
  private SimulatorProcess() {}

  public static void main(String[] args) throws Exception {
    Duration run = Args.duration(args, "run", "30s");
    try (FalSimulator fal =
        FalSimulator.builder().jobTiming(JobTiming.durations(Duration.ZERO, run)).start()) {
      int refused = Integer.parseInt(Args.get(args, "submit503", "0"));
      if (refused > 0) {
        fal.faults()
            .on(FalSimulator.SUBMIT)
            .times(refused)
            .inject(
                Fault.status(503).withHeader("Retry-After", Args.get(args, "retryAfter", "10")));
      }
      System.out.println(
          "ready " + fal.syncBaseUri() + " " + fal.queueBaseUri() + " " + fal.mediaBaseUri());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.trim().equals("stats")) {
          long polls = 0;
          for (FalJob j : fal.jobs()) {
            polls += j.statusPolls();
          }
          System.out.println("stats " + fal.jobsCreated() + " " + polls);
          System.out.flush();
        }
      }
    }
  }
}
