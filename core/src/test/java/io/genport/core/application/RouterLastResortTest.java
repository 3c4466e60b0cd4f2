package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Serving under faults: when only open circuits are left the part still tries the target most
 * likely to answer, and a retry that is not sent costs the target's budget nothing.
 */
class RouterLastResortTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  /**
   * One failure opens a circuit for 30 s (doubling); retries on, with an ample budget and no
   * jitter, so backoffs take no time.
   */
  private GenerationRouter breakingRouter() {
    random = new FixedRandom(0);
    return router(
        RouterSettings.builder()
            .retry(retry().maxAttempts(3).build())
            .circuitBreaker(
                CircuitBreakerSettings.builder()
                    .consecutiveFailures(1)
                    .baseCooldown(Duration.ofSeconds(30))
                    .maxCooldown(Duration.ofMinutes(4))
                    .probes(1)
                    .build())
            .build(),
        a,
        b);
  }

  /** Leaves a open until t0+90 s and b open until t0+60 s; three calls, the last one failed. */
  private void openBothWithBReopeningFirst(GenerationRouter router, Instant t0) {
    a.thenFail(status503()); // a opens until t0+30s; its retry is refused; b serves
    generate(router, request());
    clock.advance(Duration.ofSeconds(30));
    a.thenFail(status503()); // a's probe fails: open again, until t0+90s; b serves
    generate(router, request());
    b.thenFail(status503()); // b opens until t0+60s; a, never tried in this call, fails too
    a.thenFail(status503());
    failure(RetryableProviderException.class, router, request());
    assertEquals(t0.plusSeconds(90), router.stats(a.target("m")).openUntil());
    assertEquals(t0.plusSeconds(60), router.stats(b.target("m")).openUntil());
    events.clear();
  }

  @Test
  void whenEveryCircuitIsOpenThePartStillGoesToTheOneThatReopensFirst() {
    GenerationRouter router = breakingRouter();
    openBothWithBReopeningFirst(router, clock.instant());
    int aSubmits = a.submits.size();
    int bSubmits = b.submits.size();

    GenerationResult r = generate(router, request());

    assertEquals(aSubmits, a.submits.size(), "a reopens later: it is left alone");
    assertEquals(bSubmits + 1, b.submits.size(), "b reopens first: it gets the part");
    assertEquals(
        List.of(Attempt.Outcome.SKIPPED, Attempt.Outcome.SKIPPED, Attempt.Outcome.SUCCEEDED),
        outcomes(r));
    assertEquals(List.of(a.target("m"), b.target("m"), b.target("m")), targets(r));
    ProgressEvent.FailingOver last = events(ProgressEvent.FailingOver.class).get(1);
    assertEquals(b.target("m"), last.target());
    assertEquals(b.target("m"), last.next());
    assertTrue(last.reason().contains("no target with a closed circuit"), last.reason());
    assertEquals(
        CircuitState.OPEN, router.circuitState(b.target("m")), "one success moves nothing");
    assertEquals(1, router.stats(b.target("m")).openCircuitSubmits());
    assertEquals(1, router.stats(a.target("m")).openCircuitSubmits(), "the call before");
  }

  @Test
  void whenTheFirstOpenTargetFailsTooTheNextOneIsTried() {
    GenerationRouter router = breakingRouter();
    openBothWithBReopeningFirst(router, clock.instant());
    b.thenFail(status503());

    GenerationResult r = generate(router, request());

    assertEquals(
        List.of(
            Attempt.Outcome.SKIPPED,
            Attempt.Outcome.SKIPPED,
            Attempt.Outcome.FAILED,
            Attempt.Outcome.SUCCEEDED),
        outcomes(r));
    assertEquals(List.of(a.target("m"), b.target("m"), b.target("m"), a.target("m")), targets(r));
    assertTrue(events(ProgressEvent.RetryScheduled.class).isEmpty(), "once each, no retries");
    assertEquals(2, router.stats(a.target("m")).openCircuitSubmits());
    assertEquals(1, router.stats(b.target("m")).openCircuitSubmits());
  }

  @Test
  void aFailedLastResortIsNotRetriedAndItsFailureIsTheCallersAnswer() {
    GenerationRouter router = breakingRouter();
    a.thenFail(status503());
    generate(router, request()); // a opens until now+30s; b serves
    RetryableProviderException aStillDown = status429(Duration.ofSeconds(1));
    b.thenFail(status503());
    a.thenFail(aStillDown);
    int aSubmits = a.submits.size();
    sleeper.sleeps.clear();
    events.clear();

    RetryableProviderException e = failure(RetryableProviderException.class, router, request());

    assertSame(aStillDown, e, "the caller hears what the last resort said");
    assertEquals(aSubmits + 1, a.submits.size(), "one submit, no retry while its circuit is open");
    assertEquals(1, router.stats(a.target("m")).openCircuitSubmits());
    assertEquals(
        List.of(b.target("m")),
        events(ProgressEvent.RetryScheduled.class).stream()
            .map(ProgressEvent.RetryScheduled::target)
            .toList(),
        "only b's retry was scheduled (and then refused by its circuit)");
    assertEquals(1, sleeper.sleeps.size(), "no wait for Retry-After on a target that is open");
    assertEquals(CircuitState.OPEN, router.circuitState(a.target("m")));
    assertEquals(
        clock.instant().plusSeconds(30),
        router.stats(a.target("m")).openUntil(),
        "a failed last resort does not extend the cooldown");
  }

  @Test
  void aTargetTheCircuitStoppedAfterItFailedIsNotTriedAgainAsALastResort() {
    // a fails, its circuit opens, the retry is refused: the part already heard from a.
    RetryableProviderException first = status503();
    a.thenFail(first);
    GenerationRouter router =
        router(
            RouterSettings.builder()
                .retry(retry().maxAttempts(3).build())
                .circuitBreaker(CircuitBreakerSettings.builder().consecutiveFailures(1).build())
                .build(),
            a);

    assertSame(first, failure(RetryableProviderException.class, router, request()));
    assertEquals(1, a.submits.size());
    assertEquals(0, router.stats(a.target("m")).openCircuitSubmits());
  }

  @Test
  void failingOverWithoutARetrySpendsNoToken() {
    a.thenFail(status429(Duration.ofMinutes(5)));
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).budget(new RetryBudgetSettings(0.1, 4)).build();
    GenerationRouter router = router(settings().retry(policy).build(), a, b);

    generate(router, request());

    assertEquals(1, b.submits.size(), "Retry-After above the cap: failed over at once");
    assertEquals(4.0, router.stats(a.target("m")).retryTokens(), 1e-9);
    assertEquals(4.0, router.stats(b.target("m")).retryTokens(), 1e-9);
  }

  @Test
  void aTokenTakenForARetryThatIsNeverSentGoesBack() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch backingOff = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    a.thenFail(status503());
    GenerationRouter router =
        GenerationRouter.builder(Route.of(RouteTarget.of(a, "m")))
            .settings(
                settings()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .budget(new RetryBudgetSettings(0.1, 4))
                            .build())
                    .build())
            .clock(clock)
            .sleeper(
                d -> {
                  backingOff.countDown();
                  cancelled.await();
                })
            .executor(pool)
            .random(random)
            .build();

    CompletableFuture<GenerationResult> f = router.generateAsync(request());
    assertTrue(backingOff.await(10, TimeUnit.SECONDS));
    assertEquals(3.0, router.stats(a.target("m")).retryTokens(), 1e-9, "taken for the retry");
    f.cancel(false);
    cancelled.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

    TargetStats s = router.stats(a.target("m"));
    assertEquals(1, s.submits(), "the retry was never sent");
    assertEquals(0, s.retries());
    assertEquals(4.0, s.retryTokens(), 1e-9, "so its token is back");
  }
}
