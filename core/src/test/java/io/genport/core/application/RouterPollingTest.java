package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.JobStatus;
import io.genport.core.port.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When accepted jobs are polled: early and backing off to the provider's steady interval, a
 * vendor's Retry-After on a status poll honoured, a push channel ending the wait at once (and
 * polling again when it breaks), and waiting jobs holding no thread of the executor.
 */
class RouterPollingTest extends RouterTestSupport {
  private static final JobStatus RUNNING = new JobStatus.Running(List.of());

  private final StubProvider a = new StubProvider("a");
  private ThreadPoolExecutor pool;

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static List<Object> running(int n) {
    return new ArrayList<>(Collections.nCopies(n, RUNNING));
  }

  private static Duration ms(double millis) {
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /** The base schedule alone (no learned or assumed window), whose waits these tests spell out. */
  private static RouterSettings.Builder baseSettings() {
    return settings().pollSchedule(new PollSchedule(ms(250), 1.2, Duration.ofSeconds(5), 0));
  }

  @Test
  void withoutHistoryPollsComeAboutEveryHalfSecondForTheFirstTenSeconds() {
    a.thenAccept(running(30));
    generate(router(settings().build(), a), request());
    // The base schedule up to 432 ms, then at most 487.5 ms apart (the assumed window from 250 ms
    // to 10 s, in 20 steps) until 10 s, then the base schedule's steady second.
    assertEquals(List.of(ms(250), ms(300), ms(360), ms(432)), sleeper.sleeps.subList(0, 4));
    Duration at = Duration.ZERO;
    for (Duration wait : sleeper.sleeps) {
      at = at.plus(wait);
      if (at.compareTo(Duration.ofSeconds(10)) <= 0) {
        assertTrue(wait.compareTo(ms(488)) < 0, wait + " before " + at);
      }
    }
    assertEquals(Duration.ofSeconds(1), sleeper.sleeps.get(sleeper.sleeps.size() - 1));
    assertTrue(a.polled.size() <= 42, "polls over a 30 s job: " + a.polled.size());
  }

  @Test
  void pollsStartAfterAQuarterSecondAndGrowToTheSteadyInterval() {
    a.thenAccept(running(9));
    generate(router(baseSettings().build(), a), request());
    assertEquals(
        List.of(
            ms(250),
            ms(300),
            ms(360),
            ms(432),
            ms(518.4),
            ms(622.08),
            ms(746.496),
            ms(895.795),
            ms(1000),
            ms(1000)),
        sleeper.sleeps);
    assertEquals(10, a.polled.size(), "nine running answers and the end");
  }

  @Test
  void theProvidersSteadyIntervalCapsTheGrowthEitherWay() {
    a.pollInterval = Duration.ofMillis(400);
    a.thenAccept(running(3));
    generate(router(baseSettings().build(), a), request());
    assertEquals(List.of(ms(250), ms(300), ms(360), ms(400)), sleeper.sleeps);

    StubProvider slow = new StubProvider("slow");
    slow.pollInterval = Duration.ofSeconds(3);
    slow.thenAccept(running(12));
    sleeper.sleeps.clear();
    generate(router(baseSettings().build(), slow), request());
    assertEquals(
        List.of(
            ms(250),
            ms(300),
            ms(360),
            ms(432),
            ms(518.4),
            ms(622.08),
            ms(746.496),
            ms(895.795),
            ms(1074.954),
            ms(1289.945),
            ms(1547.934),
            ms(1857.521),
            ms(2229.025)),
        sleeper.sleeps);
  }

  @Test
  void aLongJobIsPolledAboutOncePerSecondOnAverage() {
    a.thenAccept(running(600));
    GenerationResult r =
        generate(router(settings().deadline(Duration.ofHours(1)).build(), a), request());
    double seconds = r.attempts().get(0).latency().toNanos() / 1e9;
    double perSecond = a.polled.size() / seconds;
    // The default schedule: the assumed window adds about ten polls in the first ten seconds.
    assertTrue(perSecond <= 1.03, "polls per second over a 10-minute job: " + perSecond);
    assertTrue(perSecond >= 0.99, "and not much fewer, or the end is seen late: " + perSecond);
  }

  @Test
  void aRetryAfterOnAFailedStatusPollIsHonoured() {
    List<Object> answers = running(1);
    answers.add(RetryableProviderException.answered("HTTP 429 on status", Duration.ofSeconds(3)));
    a.thenAccept(answers);
    generate(router(baseSettings().build(), a), request());
    // running, the 429 (its Retry-After lengthens the next wait only), then the end.
    assertEquals(List.of(ms(250), ms(300), Duration.ofSeconds(3)), sleeper.sleeps);
  }

  @Test
  void aProviderWithNewsIsPolledAtOnce() {
    a.pollInterval = Duration.ZERO;
    a.thenAccept(running(2));
    generate(router(baseSettings().build(), a), request());
    assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), sleeper.sleeps);
  }

  @Test
  void anEndSignalEndsTheWaitAtOnceAndIsClosedAfterwards() {
    ManualTimers timers = new ManualTimers(clock);
    a.signalsEnd = true;
    a.thenAccept(running(0));
    CompletableFuture<GenerationResult> result =
        routerWith(timers, baseSettings().build(), a).generateAsync(request(), events::add);

    assertEquals(List.of(ms(250)), timers.requested, "the first poll comes on the schedule");
    assertEquals(0, a.polled.size());
    CompletableFuture<Void> signal = a.endSignals.values().iterator().next();
    signal.complete(null);

    assertTrue(result.isDone(), "the end is polled at once, on the signal's thread");
    assertEquals(1, a.polled.size());
    assertEquals(1, timers.requested.size(), "no further wait");
    assertEquals(1, result.join().images().size());
  }

  @Test
  void withAnOpenEndSignalLaterPollsAreOnlyASafetyNet() {
    ManualTimers timers = new ManualTimers(clock);
    a.signalsEnd = true;
    a.thenAccept(running(2));
    CompletableFuture<GenerationResult> result =
        routerWith(timers, baseSettings().build(), a).generateAsync(request(), events::add);
    timers.fireAll();
    timers.fireAll();
    assertEquals(
        List.of(
            ms(250), PollSchedule.DEFAULT.whileSignalled(), PollSchedule.DEFAULT.whileSignalled()),
        timers.requested);
    timers.fireAll();
    assertTrue(result.isDone(), "the silent channel's job still ends, by polling");
    assertEquals(3, a.polled.size());
  }

  @Test
  void aBrokenEndSignalFallsBackToThePollSchedule() {
    ManualTimers timers = new ManualTimers(clock);
    a.signalsEnd = true;
    a.thenAccept(running(1));
    CompletableFuture<GenerationResult> result =
        routerWith(timers, baseSettings().build(), a).generateAsync(request(), events::add);
    a.endSignals
        .values()
        .iterator()
        .next()
        .completeExceptionally(new IllegalStateException("reset"));

    // A broken channel may have lost the end: poll at once, then on the schedule.
    assertEquals(1, a.polled.size());
    assertEquals(List.of(ms(250), ms(300)), timers.requested);
    timers.fireAll();
    assertTrue(result.isDone());
    assertEquals(2, a.polled.size());
  }

  @Test
  void theSignalIsCancelledWhenTheCallEnds() {
    ManualTimers timers = new ManualTimers(clock);
    a.signalsEnd = true;
    a.thenAccept(running(0));
    CompletableFuture<GenerationResult> result =
        routerWith(timers, baseSettings().build(), a).generateAsync(request(), events::add);
    CompletableFuture<Void> signal = a.endSignals.values().iterator().next();
    result.cancel(false);
    assertTrue(signal.isCancelled(), "the channel is released");
    assertEquals(1, a.cancelled.size(), "and the job cancelled at the vendor");
    assertEquals(0, a.polled.size());
  }

  @Test
  void jobsWaitingBetweenPollsHoldNoThread() throws Exception {
    ManualTimers timers = new ManualTimers(clock);
    pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    a.fallback = c -> a.accepted(c, running(2));
    GenerationRouter router =
        GenerationRouter.builder(Route.builder().target(a, "m").build())
            .settings(baseSettings().build())
            .clock(clock)
            .sleeper(timers)
            .executor(pool)
            .random(random)
            .build();
    List<CompletableFuture<GenerationResult>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(router.generateAsync(request(), null));
    }
    // With one thread, the 200 calls can all be waiting only if none holds it while waiting.
    awaitIdle();
    assertEquals(200, timers.pending(), "every job waits for its first poll");
    assertEquals(200, a.submits.size());
    for (int round = 0; round < 3; round++) {
      timers.fireAll();
      awaitIdle();
    }
    for (CompletableFuture<GenerationResult> c : calls) {
      assertTrue(c.isDone());
      assertFalse(c.isCompletedExceptionally());
    }
    assertEquals(600, a.polled.size(), "two running answers and the end, per job");
    assertEquals(200 * 3, timers.requested.size());
  }

  /** Waits (briefly, on the pool's own counters) until the one-thread pool has nothing to do. */
  private void awaitIdle() throws InterruptedException {
    for (int i = 0; i < 5_000; i++) {
      if (pool.getQueue().isEmpty() && pool.getActiveCount() == 0) {
        Future<?> probe = pool.submit(() -> {});
        try {
          probe.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("the pool's thread is held", e);
        }
        if (pool.getQueue().isEmpty() && pool.getActiveCount() == 0) {
          return;
        }
      }
      Thread.sleep(1);
    }
    throw new AssertionError("the pool never went idle");
  }

  private GenerationRouter routerWith(Sleeper s, RouterSettings settings, StubProvider p) {
    return GenerationRouter.builder(Route.builder().target(p, "m").build())
        .settings(settings)
        .clock(clock)
        .sleeper(s)
        .executor(executor)
        .random(random)
        .build();
  }

  /**
   * A scheduling fake: {@link #delay} hands back a timer the test fires ({@link #fireAll}), moving
   * the fake clock by the longest one; nothing is run until then. Blocking sleeps (backoffs) move
   * the clock at once.
   */
  static final class ManualTimers implements Sleeper {
    final FakeClock clock;
    final List<Duration> requested = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Void>> timers = new ArrayList<>();
    private Duration longest = Duration.ZERO;

    ManualTimers(FakeClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration d) {
      clock.advance(d);
    }

    @Override
    public synchronized CompletableFuture<Void> delay(Duration d) {
      requested.add(d);
      CompletableFuture<Void> t = new CompletableFuture<>();
      timers.add(t);
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
      return t;
    }

    @Override
    public CompletableFuture<Boolean> within(CompletableFuture<?> future, Duration timeout) {
      // Fakes answer polls synchronously: the status is there already.
      return CompletableFuture.completedFuture(future.isDone());
    }

    synchronized int pending() {
      return (int) timers.stream().filter(t -> !t.isDone()).count();
    }

    void fireAll() {
      List<CompletableFuture<Void>> due;
      synchronized (this) {
        due = new ArrayList<>(timers);
        timers.clear();
        clock.advance(longest);
        longest = Duration.ZERO;
      }
      due.forEach(t -> t.complete(null));
    }
  }
}
