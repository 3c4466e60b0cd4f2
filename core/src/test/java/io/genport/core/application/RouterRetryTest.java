package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Retries on one target: Retry-After, its cap, full-jitter backoff, the retry budget. */
class RouterRetryTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  @Test
  void retryAfterIsWaitedBeforeRetryingTheSameTarget() {
    random = new FixedRandom(0); // no jitter: the wait is Retry-After alone
    a.thenFail(status429(Duration.ofSeconds(3))).thenFail(status429(Duration.ofSeconds(7)));

    GenerationResult r =
        generate(router(settings().retry(retry().build()).build(), a, b), request());

    assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(7)), sleeper.sleeps);
    assertEquals(3, a.submits.size());
    assertEquals(0, b.submits.size());
    assertEquals(
        List.of(Attempt.Outcome.FAILED, Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED),
        outcomes(r));
    List<ProgressEvent.RetryScheduled> retries = events(ProgressEvent.RetryScheduled.class);
    assertEquals(2, retries.get(0).attempt());
    assertEquals(Duration.ofSeconds(3), retries.get(0).delay());
    assertEquals(3, retries.get(1).attempt());
  }

  @Test
  void retryAfterIsAFloorUnderTheJitteredBackoff() {
    random = new FixedRandom(0.999);
    a.thenFail(status429(Duration.ofMillis(100)));
    generate(
        router(settings().retry(retry().initialBackoff(Duration.ofSeconds(2)).build()).build(), a),
        request());
    assertEquals(1, sleeper.sleeps.size());
    Duration slept = sleeper.sleeps.get(0);
    assertTrue(
        slept.compareTo(Duration.ofMillis(1990)) > 0 && slept.compareTo(Duration.ofSeconds(2)) <= 0,
        slept.toString());
  }

  @Test
  void aRetryAfterAboveTheCapIsNotSleptTheCallFailsOverAtOnce() {
    a.thenFail(status429(Duration.ofSeconds(120)));

    GenerationResult r =
        generate(
            router(
                settings().retry(retry().retryAfterCap(Duration.ofSeconds(60)).build()).build(),
                a,
                b),
            request());

    assertTrue(sleeper.sleeps.isEmpty(), "never sleeps for a Retry-After above the cap");
    assertTrue(sleeper.waits.isEmpty());
    assertEquals(1, a.submits.size());
    assertEquals(1, b.submits.size());
    assertEquals(b.target("m"), r.attempts().get(1).target());
    String reason = events(ProgressEvent.FailingOver.class).get(0).reason();
    assertTrue(reason.contains("above the cap"), reason);
  }

  @Test
  void aRetryAboveTheCapWithNoOtherTargetFailsWithTheVendorsError() {
    RetryableProviderException throttled = status429(Duration.ofMinutes(5));
    a.thenFail(throttled);
    RetryableProviderException e =
        failure(RetryableProviderException.class, router(settings().build(), a), request());
    assertEquals(Duration.ofMinutes(5), e.retryAfter(), "the caller sees the vendor's hint");
    assertTrue(sleeper.sleeps.isEmpty());
  }

  @Test
  void aRetryThatWouldPassTheDeadlineIsNotWaitedFor() {
    a.thenFail(status429(Duration.ofSeconds(30)));
    generate(
        router(settings().deadline(Duration.ofSeconds(20)).retry(retry().build()).build(), a, b),
        request());
    assertTrue(sleeper.sleeps.isEmpty());
    assertEquals(1, b.submits.size());
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCeiling() {
    RetryPolicy policy =
        retry()
            .maxAttempts(5)
            .initialBackoff(Duration.ofSeconds(1))
            .maxBackoff(Duration.ofSeconds(5))
            .multiplier(2)
            .build();
    assertEquals(Duration.ofSeconds(1), policy.backoffCeiling(1));
    assertEquals(Duration.ofSeconds(2), policy.backoffCeiling(2));
    assertEquals(Duration.ofSeconds(4), policy.backoffCeiling(3));
    assertEquals(Duration.ofSeconds(5), policy.backoffCeiling(4), "capped at maxBackoff");
    assertEquals(Duration.ofSeconds(5), policy.backoffCeiling(60), "no overflow");

    random = new SplittableRandom(42);
    for (int call = 0; call < 25; call++) {
      a.thenFail(4, status503());
      generate(router(settings().retry(policy).build(), a), request());
    }

    List<Duration> slept = sleeper.sleeps;
    assertEquals(100, slept.size());
    boolean sawSmall = false;
    boolean sawLarge = false;
    for (int i = 0; i < slept.size(); i++) {
      Duration ceiling = policy.backoffCeiling(i % 4 + 1);
      Duration d = slept.get(i);
      assertTrue(!d.isNegative() && d.compareTo(ceiling) <= 0, d + " within [0, " + ceiling + "]");
      sawSmall |= d.compareTo(ceiling.dividedBy(4)) < 0;
      sawLarge |= d.compareTo(ceiling.multipliedBy(3).dividedBy(4)) > 0;
    }
    assertTrue(sawSmall && sawLarge, "the jitter spreads over the whole range: " + slept);
  }

  @Test
  void theJitterBoundsAreReachedExactly() {
    RetryPolicy policy = retry().initialBackoff(Duration.ofSeconds(1)).build();
    FixedRandom fixed = new FixedRandom(0);
    random = fixed;
    GenerationRouter router = router(settings().retry(policy).build(), a);
    a.thenFail(status503());
    generate(router, request());
    fixed.set(Math.nextDown(1.0));
    a.thenFail(status503());
    generate(router, request());
    assertEquals(Duration.ZERO, sleeper.sleeps.get(0));
    assertTrue(
        Duration.ofSeconds(1).minus(sleeper.sleeps.get(1)).compareTo(Duration.ofNanos(2)) <= 0,
        sleeper.sleeps.get(1).toString());
  }

  @Test
  void aTargetIsRetriedAtMostMaxAttemptsTimesThenTheCallFailsOver() {
    a.thenFail(10, status503());
    GenerationResult r =
        generate(router(settings().retry(retry().maxAttempts(3).build()).build(), a, b), request());
    assertEquals(3, a.submits.size());
    assertEquals(1, b.submits.size());
    assertEquals(4, r.attempts().size());
    String reason = events(ProgressEvent.FailingOver.class).get(0).reason();
    assertTrue(reason.contains("no attempts left"), reason);
  }

  @Test
  void theRetryBudgetBoundsRetriesAcrossCallsAndTheCallFailsOverInstead() {
    StubProvider down = new StubProvider("down");
    down.fallback = c -> java.util.concurrent.CompletableFuture.failedFuture(status503());
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).budget(new RetryBudgetSettings(0.1, 4)).build();
    GenerationRouter router = router(settings().retry(policy).build(), down, b);

    // Call 1 retries twice, down to half the bucket; call 2 finds only that reserve, which is kept
    // for parts with no other target, and fails over at once.
    generate(router, request());
    assertEquals(3, down.submits.size());
    generate(router, request());
    assertEquals(4, down.submits.size());
    TargetStats spent = router.stats(down.target("m"));
    assertEquals(2, spent.retries());
    assertEquals(2.0, spent.retryTokens(), 1e-9, "the deposits repay the advance of 4 tokens");
    assertTrue(
        events(ProgressEvent.FailingOver.class).stream()
            .anyMatch(e -> e.reason().contains("down to its reserve")));

    // Those 4 tokens were an advance: until 40 first submits (at 0.1) have repaid it, nothing is
    // earned and each call gets one submit.
    for (int i = 0; i < 38; i++) {
      generate(router, request());
    }
    assertEquals(42, down.submits.size(), "no retries while the advance is being repaid");
    // Then ten first submits earn a whole token: one retry above the reserve.
    for (int i = 0; i < 9; i++) {
      generate(router, request());
    }
    assertEquals(51, down.submits.size(), "nine deposits of 0.1 are not a whole token");
    generate(router, request());
    assertEquals(53, down.submits.size(), "ten deposits of 0.1 made a whole token for one retry");

    assertEquals(50, b.submits.size(), "every call was served by failing over");
    TargetStats s = router.stats(down.target("m"));
    assertEquals(50, s.firstSubmits());
    assertEquals(3, s.retries());
    assertTrue(
        s.retries() <= Math.max(4, 0.1 * s.firstSubmits()),
        "at most the larger of the advance and 10% of the first submits: " + s);
  }

  @Test
  void theBudgetsReserveGoesToAPartThatEveryTargetFailed() {
    StubProvider x = new StubProvider("x");
    StubProvider y = new StubProvider("y");
    x.fallback = c -> java.util.concurrent.CompletableFuture.failedFuture(status503());
    y.fallback = c -> java.util.concurrent.CompletableFuture.failedFuture(status503());
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).budget(new RetryBudgetSettings(0.1, 4)).build();
    GenerationRouter router = router(settings().retry(policy).build(), x, y);

    // Call 1: x retries down to its reserve of 2 (y could still take the part), y, the last
    // target, retries as its attempts allow.
    failure(RetryableProviderException.class, router, request());
    assertEquals(3, x.submits.size());
    assertEquals(3, y.submits.size());

    // Call 2: x keeps its reserve and moves the part on; y spends its last tokens; then, every
    // target having failed, x sends the part again on its reserve, up to its attempts.
    events.clear();
    failure(RetryableProviderException.class, router, request());
    assertEquals(6, x.submits.size(), "1 in the first round, 2 on the reserve");
    assertEquals(6, y.submits.size());
    List<ProgressEvent.FailingOver> moves = events(ProgressEvent.FailingOver.class);
    assertTrue(moves.get(0).reason().contains("down to its reserve"), moves.get(0).reason());
    assertEquals(x.target("m"), moves.get(moves.size() - 1).next());
    assertTrue(
        moves.get(moves.size() - 1).reason().contains("kept a reserve"),
        moves.get(moves.size() - 1).reason());
    TargetStats sx = router.stats(x.target("m"));
    assertEquals(4, sx.retries(), "the bucket's 4 tokens, no more");
    assertEquals(0.0, sx.retryTokens(), 1e-9);
    assertEquals(2, sx.firstSubmits());
  }

  @Test
  void theFirstSubmitIsNeverRefusedByAnEmptyBudget() {
    a.fallback = c -> java.util.concurrent.CompletableFuture.failedFuture(status503());
    GenerationRouter router =
        router(
            settings()
                .retry(RetryPolicy.builder().budget(new RetryBudgetSettings(0.1, 1)).build())
                .build(),
            a,
            b);
    for (int i = 0; i < 5; i++) {
      generate(router, request());
    }
    assertEquals(5, router.stats(a.target("m")).firstSubmits());
  }
}
