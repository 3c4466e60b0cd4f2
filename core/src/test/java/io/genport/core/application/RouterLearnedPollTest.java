package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The router learning when a target's jobs end (fake clock, jobs that run a set time): no change
 * until enough jobs ended, then polls close around the usual end, and a long job still polled about
 * once a second.
 */
class RouterLearnedPollTest extends RouterTestSupport {
  /** The default schedule without its assumed window, so that what is learned shows alone. */
  static final PollSchedule LEARNING_ONLY =
      new PollSchedule(
          Duration.ofMillis(250),
          1.2,
          Duration.ofSeconds(5),
          PollSchedule.DEFAULT_DENSE_POLLS,
          Duration.ZERO);

  private final StubProvider a = new StubProvider("a");
  private final GenerationRouter router =
      router(settings().deadline(Duration.ofHours(1)).pollSchedule(LEARNING_ONLY).build(), a);

  /** Runs one job of {@code d}; returns its lag, from its end to the result. */
  private Duration run(Duration d) {
    a.thenRunFor(d, clock);
    Instant start = clock.instant();
    generate(router, request());
    return Duration.between(start.plus(d), clock.instant());
  }

  /** Durations spread evenly from 2 to 8 s. */
  private static List<Duration> twoToEightSeconds() {
    List<Duration> ds = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ds.add(Duration.ofMillis(2_000 + i * 250 + 37));
    }
    return ds;
  }

  private static List<Duration> baseSchedule(int n) {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      waits.add(PollSchedule.DEFAULT.wait(i, Duration.ofSeconds(1)));
    }
    return waits;
  }

  @Test
  void untilEnoughJobsEndedTheBaseScheduleIsKept() {
    for (int i = 0; i < JobEndHistory.MIN_OBSERVATIONS; i++) {
      sleeper.sleeps.clear();
      run(Duration.ofMillis(4_200));
      // 4.2 s: polled at 4124 ms (running) and 5124 ms (done).
      assertEquals(baseSchedule(9), sleeper.sleeps, "job " + i);
    }
    // Five jobs learned as ended 4.62 s in (the midpoint of the polls at 4.12 s and 5.12 s around
    // the end): the next job is polled right there rather than almost a second after its end.
    Duration lastRunning = sum(baseSchedule(8));
    Duration learnedEnd = lastRunning.plusMillis(500);
    sleeper.sleeps.clear();
    Duration lag = run(Duration.ofMillis(4_200));
    assertEquals(baseSchedule(8), sleeper.sleeps.subList(0, 8));
    assertEquals(learnedEnd, sum(sleeper.sleeps));
    assertEquals(learnedEnd.minusMillis(4_200), lag);
  }

  @Test
  void learnedEndsCutTheLagAndTheExtraPollsAreBounded() {
    List<Duration> ds = twoToEightSeconds();
    Duration baseLag = Duration.ZERO;
    int basePolls = a.polled.size();
    for (Duration d : ds) {
      baseLag = baseLag.plus(run(d));
    }
    basePolls = a.polled.size() - basePolls;
    Duration learnedLag = Duration.ZERO;
    int learnedPolls = a.polled.size();
    for (Duration d : ds) {
      learnedLag = learnedLag.plus(run(d));
    }
    learnedPolls = a.polled.size() - learnedPolls;
    long baseMean = baseLag.toMillis() / ds.size();
    long learnedMean = learnedLag.toMillis() / ds.size();
    assertTrue(baseMean > 300, "the base schedule's mean lag: " + baseMean + " ms");
    assertTrue(learnedMean < 200, "the learned schedule's mean lag: " + learnedMean + " ms");
    double extraPerJob = (learnedPolls - basePolls) / (double) ds.size();
    assertTrue(
        extraPerJob <= PollSchedule.DEFAULT.densePolls(), "extra polls per job: " + extraPerJob);
  }

  @Test
  void withTheAssumedWindowEvenTheFirstJobsAreSeenSoon() {
    GenerationRouter fresh = router(settings().deadline(Duration.ofHours(1)).build(), a);
    Duration lag = Duration.ZERO;
    int before = a.polled.size();
    // The first five jobs, spread from 2 to 8 s: no history yet, only the assumed window.
    List<Duration> ds = twoToEightSeconds();
    List<Duration> spread = List.of(ds.get(0), ds.get(6), ds.get(12), ds.get(18), ds.get(24));
    for (Duration d : spread) {
      a.thenRunFor(d, clock);
      Instant start = clock.instant();
      generate(fresh, request());
      lag = lag.plus(Duration.between(start.plus(d), clock.instant()));
    }
    long meanMs = lag.toMillis() / JobEndHistory.MIN_OBSERVATIONS;
    assertTrue(meanMs < 300, "mean lag of a router's first jobs: " + meanMs + " ms");
    double polls = (a.polled.size() - before) / (double) JobEndHistory.MIN_OBSERVATIONS;
    assertTrue(polls <= 16, "polls per job of 2 to 8 s: " + polls);
  }

  @Test
  void aLongJobIsStillPolledAboutOncePerSecond() {
    for (Duration d : twoToEightSeconds()) {
      run(d);
    }
    int before = a.polled.size();
    run(Duration.ofMinutes(10));
    double perSecond = (a.polled.size() - before) / 600.0;
    assertTrue(perSecond <= 1.04, "polls per second over a 10-minute job: " + perSecond);
    assertTrue(perSecond >= 0.99, "and not much fewer: " + perSecond);
  }

  @Test
  void aTargetWhoseJobsEndAtOnceIsPolledAlmostAtOnce() {
    for (int i = 0; i < 40; i++) {
      run(Duration.ofMillis(20));
    }
    sleeper.sleeps.clear();
    Duration lag = run(Duration.ofMillis(20));
    assertTrue(
        lag.compareTo(Duration.ofMillis(150)) < 0,
        "seen " + lag + " after its end; polls after " + sleeper.sleeps);
  }

  @Test
  void anEndHeldBackForLastLogsIsLearnedFromThePollBefore() {
    Duration d = Duration.ofSeconds(3);
    for (int i = 0; i < JobEndHistory.MIN_OBSERVATIONS; i++) {
      // The poll after the end gets the last log lines and a zero interval (the provider holds the
      // end), the next one at once the success.
      a.then(
          c -> {
            Instant end = clock.instant().plus(d);
            JobStatus.Succeeded done = a.succeeded(c);
            boolean[] logsHanded = {false};
            Supplier<JobStatus> byClock =
                () -> {
                  if (clock.instant().isBefore(end)) {
                    return new JobStatus.Running(List.of());
                  }
                  if (!logsHanded[0]) {
                    logsHanded[0] = true;
                    a.pollInterval = Duration.ZERO;
                    return new JobStatus.Running(List.of("done"));
                  }
                  a.pollInterval = null;
                  return done;
                };
            String id = a.nextId();
            a.polls.put(id, new ArrayDeque<>(List.of(byClock)));
            return CompletableFuture.completedFuture(new VendorJob(a.target("m"), id, Map.of()));
          });
      generate(router, request());
    }
    // Learned at the midpoint of the polls at 2.48 s (running) and 3.23 s (the end, held back),
    // not at 3.23 s where the success itself was read: the next job is polled at 2.86 s.
    Duration lastRunning = sum(baseSchedule(6));
    Duration seenEnded = sum(baseSchedule(7));
    Duration learned = lastRunning.plus(seenEnded.minus(lastRunning).dividedBy(2));
    sleeper.sleeps.clear();
    run(d);
    assertEquals(baseSchedule(6), sleeper.sleeps.subList(0, 6));
    assertEquals(learned, sum(sleeper.sleeps.subList(0, 7)));
  }

  private static Duration sum(List<Duration> ds) {
    return ds.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
