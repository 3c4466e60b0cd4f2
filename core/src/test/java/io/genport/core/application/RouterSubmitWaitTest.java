package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import io.genport.core.port.Sleeper;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Parts waiting before a vendor accepted them hold no thread: in a submit backoff, on an unanswered
 * submit until the hedge's time, or for a fleet rate token. The router gets an executor of one
 * thread and a sleeper whose waits are timers the test fires: when many calls can all be waiting at
 * once on that one thread, none holds it while it waits. The sleeper fails the test when anything
 * waits by blocking.
 */
class RouterSubmitWaitTest extends RouterTestSupport {
  private static final int CALLS = 50;

  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");
  private final Timers timers = new Timers(clock);
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private GenerationRouter onOneThread(
      RouterSettings settings, FleetPolicy fleet, StubProvider... ps) {
    Route.Builder route = Route.builder();
    for (StubProvider p : ps) {
      route.target(p, "m");
    }
    GenerationRouter.Builder b =
        GenerationRouter.builder(route.build())
            .settings(settings)
            .clock(clock)
            .sleeper(timers)
            .executor(pool)
            .random(random);
    if (fleet != null) {
      b.fleet(new InMemoryFleetState(clock), fleet);
    }
    return b.build();
  }

  private List<CompletableFuture<GenerationResult>> start(GenerationRouter router, int n) {
    List<CompletableFuture<GenerationResult>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(router.generateAsync(request(), events::add));
    }
    return calls;
  }

  /** Fires the timers round by round until every call ended; returns the rounds it took. */
  private int fireUntilDone(List<CompletableFuture<GenerationResult>> calls)
      throws InterruptedException {
    for (int round = 1; round <= 100; round++) {
      timers.fireAll();
      awaitIdle();
      if (calls.stream().allMatch(CompletableFuture::isDone)) {
        return round;
      }
    }
    throw new AssertionError("calls still running after 100 rounds of timers");
  }

  @Test
  void fiftyCallsInASubmitBackoffAllWaitAtOnceOnOneThread() throws Exception {
    random = new FixedRandom(0); // no jitter: the wait is the vendor's Retry-After
    a.thenFail(CALLS, status429(Duration.ofSeconds(5)));
    a.fallback = c -> a.accepted(c, List.of());
    GenerationRouter router = onOneThread(settings().retry(retry().build()).build(), null, a);

    List<CompletableFuture<GenerationResult>> calls = start(router, CALLS);
    awaitIdle();

    assertEquals(CALLS, a.submits.size(), "every call sent its first submit");
    assertEquals(CALLS, timers.pending(), "and every one of them is in its backoff at once");
    assertEquals(Collections.nCopies(CALLS, Duration.ofSeconds(5)), timers.requested);
    assertEquals(CALLS, events(ProgressEvent.RetryScheduled.class).size());
    assertTrue(calls.stream().noneMatch(CompletableFuture::isDone));

    fireUntilDone(calls);

    assertEquals(2 * CALLS, a.submits.size(), "one retry per call");
    for (CompletableFuture<GenerationResult> c : calls) {
      assertFalse(c.isCompletedExceptionally());
      assertEquals(List.of(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED), outcomes(c.join()));
    }
    assertEquals(List.of(), timers.blocking, "nothing waited by blocking");
  }

  @Test
  void unansweredSubmitsWaitForTheirHedgeWithoutAThread() throws Exception {
    for (int i = 0; i < CALLS; i++) {
      a.thenHang();
    }
    b.fallback = c -> b.accepted(c, List.of());
    GenerationRouter router =
        onOneThread(
            settings()
                .retry(retry().build()) // a budget that never refuses a hedge
                .hedging(HedgingSettings.after(Duration.ofSeconds(5)))
                .build(),
            null,
            a,
            b);

    List<CompletableFuture<GenerationResult>> calls = start(router, CALLS);
    awaitIdle();

    assertEquals(CALLS, a.submits.size());
    assertEquals(CALLS, timers.pending(), "every submit waits for its hedge's time at once");
    assertEquals(0, b.submits.size());

    fireUntilDone(calls);

    assertEquals(CALLS, b.submits.size(), "one hedge per call");
    for (CompletableFuture<GenerationResult> c : calls) {
      GenerationResult r = c.join();
      assertTrue(r.hedged());
      assertEquals(
          List.of(Attempt.Outcome.CANCELLED, Attempt.Outcome.SUCCEEDED), outcomes(r), "a lost");
    }
    // The losers' jobs that appear now are cancelled at once.
    a.pending.forEach(f -> f.complete(a.job(a.nextId())));
    assertEquals(CALLS, a.cancelled.size());
    assertEquals(List.of(), timers.blocking, "nothing waited by blocking");
  }

  @Test
  void submitsWaitingForARateTokenHoldNoThread() throws Exception {
    List<Instant> sent = Collections.synchronizedList(new ArrayList<>());
    a.fallback =
        c -> {
          sent.add(clock.instant());
          return a.finished(c);
        };
    FleetPolicy policy =
        FleetPolicy.builder()
            .rateLimit("a", new RateLimit(4, Duration.ofSeconds(1), 1))
            .credential("a", RateKey.fingerprint("sk-test-key"))
            .build();
    GenerationRouter router = onOneThread(settings().build(), policy, a);

    List<CompletableFuture<GenerationResult>> calls = start(router, 10);
    awaitIdle();

    assertEquals(1, sent.size(), "one token in the bucket");
    assertEquals(9, timers.pending(), "the other nine wait for theirs at once");

    fireUntilDone(calls);

    assertEquals(10, sent.size());
    for (int i = 1; i < sent.size(); i++) {
      Duration gap = Duration.between(sent.get(i - 1), sent.get(i));
      assertTrue(gap.compareTo(Duration.ofMillis(250)) >= 0, "submits only " + gap + " apart");
    }
    calls.forEach(c -> assertFalse(c.isCompletedExceptionally()));
    assertEquals(List.of(), timers.blocking, "nothing waited by blocking");
  }

  @Test
  void aCallCancelledInItsBackoffStopsWithoutWaitingItOutOrSubmittingAgain() throws Exception {
    a.thenFail(status429(Duration.ofSeconds(5)));
    // A finite retry budget: the retry's token shows whether the part gave up its backoff.
    GenerationRouter router =
        onOneThread(settings().retry(RetryPolicy.builder().build()).build(), null, a);

    CompletableFuture<GenerationResult> call = router.generateAsync(request(), events::add);
    awaitIdle();
    assertEquals(1, timers.pending(), "in its backoff");
    double inBackoff = router.stats(a.target("m")).retryTokens();

    call.cancel(false);
    awaitIdle();

    assertTrue(call.isCancelled());
    assertEquals(
        inBackoff + 1,
        router.stats(a.target("m")).retryTokens(),
        1e-9,
        "the part stopped at the cancel, before its timer fired, and gave its token back");
    timers.fireAll();
    awaitIdle();
    assertEquals(1, a.submits.size(), "no submit after the cancel");
  }

  @Test
  void aStepAfterATimerRunsOnTheExecutorWithTheCallIdInTheMdc() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    Function<PlannedCall, CompletableFuture<VendorJob>> record =
        c -> {
          seen.add(MDC.get(GenerationRouter.MDC_CALL_ID));
          threads.add(Thread.currentThread().getName());
          return a.finished(c);
        };
    a.thenFail(status429(Duration.ofSeconds(5)));
    a.fallback = record;
    GenerationRouter router = onOneThread(settings().retry(retry().build()).build(), null, a);
    String poolThread = pool.submit(() -> Thread.currentThread().getName()).get();

    CompletableFuture<GenerationResult> call = router.generateAsync(request(), events::add);
    awaitIdle();
    // The timer fires on the test's thread: the retry must still run on the router's executor.
    timers.fireAll();
    awaitIdle();

    assertTrue(call.isDone());
    assertFalse(call.isCompletedExceptionally());
    assertEquals(List.of(poolThread), threads, "the retry ran on the executor");
    assertNotNull(seen.get(0), "with the call's id in the MDC");
    assertEquals(
        null,
        pool.submit(() -> MDC.get(GenerationRouter.MDC_CALL_ID)).get(),
        "which the executor's thread no longer carries afterwards");
  }

  @Test
  void aPollAfterATimerRunsOnTheExecutorWithTheCallIdInTheMdc() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    java.util.function.Supplier<JobStatus> recording =
        () -> {
          seen.add(MDC.get(GenerationRouter.MDC_CALL_ID));
          threads.add(Thread.currentThread().getName());
          return new JobStatus.Running(List.of());
        };
    a.fallback = c -> a.accepted(c, List.of(recording));
    GenerationRouter router = onOneThread(settings().build(), null, a);
    String poolThread = pool.submit(() -> Thread.currentThread().getName()).get();

    CompletableFuture<GenerationResult> call = router.generateAsync(request(), events::add);
    awaitIdle();
    // The poll timers fire on the test's thread: the polls must still run on the executor.
    for (int round = 0; round < 10 && !call.isDone(); round++) {
      timers.fireAll();
      awaitIdle();
    }

    assertTrue(call.isDone());
    assertFalse(call.isCompletedExceptionally());
    assertEquals(List.of(poolThread), threads, "the poll ran on the executor");
    assertNotNull(seen.get(0), "with the call's id in the MDC");
    assertEquals(
        null,
        pool.submit(() -> MDC.get(GenerationRouter.MDC_CALL_ID)).get(),
        "which the executor's thread no longer carries afterwards");
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

  /**
   * A scheduling fake: every wait, {@link #delay} and {@link #within} alike, is a timer the test
   * fires ({@link #fireAll}), moving the fake clock by the longest one. A {@code within} also ends
   * as soon as its future completes. A blocking wait is recorded in {@link #blocking}, which the
   * tests expect to stay empty.
   */
  static final class Timers implements Sleeper {
    final FakeClock clock;
    final List<Duration> requested = Collections.synchronizedList(new ArrayList<>());
    final List<String> blocking = Collections.synchronizedList(new ArrayList<>());
    private final List<Runnable> timers = new ArrayList<>();
    private final List<CompletableFuture<?>> futures = new ArrayList<>();
    private Duration longest = Duration.ZERO;

    Timers(FakeClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration d) {
      blocking.add("sleep " + d + " on " + Thread.currentThread().getName());
      clock.advance(d);
    }

    @Override
    public boolean awaitCompletion(Future<?> future, Duration timeout) {
      blocking.add("awaitCompletion " + timeout + " on " + Thread.currentThread().getName());
      return future.isDone();
    }

    @Override
    public synchronized CompletableFuture<Void> delay(Duration d) {
      requested.add(d);
      CompletableFuture<Void> t = new CompletableFuture<>();
      add(d, t, () -> t.complete(null));
      return t;
    }

    @Override
    public synchronized CompletableFuture<Boolean> within(
        CompletableFuture<?> future, Duration timeout) {
      if (future.isDone()) {
        return CompletableFuture.completedFuture(true);
      }
      CompletableFuture<Boolean> t = new CompletableFuture<>();
      future.whenComplete((v, e) -> t.complete(true));
      add(timeout, t, () -> t.complete(false));
      return t;
    }

    private void add(Duration d, CompletableFuture<?> f, Runnable fire) {
      timers.add(fire);
      futures.add(f);
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }

    /** Timers not yet fired nor ended by their future. */
    synchronized int pending() {
      return (int) futures.stream().filter(t -> !t.isDone()).count();
    }

    void fireAll() {
      List<Runnable> due;
      synchronized (this) {
        due = new ArrayList<>(timers);
        timers.clear();
        futures.clear();
        clock.advance(longest);
        longest = Duration.ZERO;
      }
      due.forEach(Runnable::run);
    }
  }
}
