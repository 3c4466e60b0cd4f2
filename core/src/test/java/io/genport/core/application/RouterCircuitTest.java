package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The circuit breaker per target, seen through the router. */
class RouterCircuitTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  private static RouterSettings breaking(CircuitBreakerSettings cb) {
    return RouterSettings.builder().retry(RetryPolicy.none()).circuitBreaker(cb).build();
  }

  private static CircuitBreakerSettings.Builder cb() {
    return CircuitBreakerSettings.builder()
        .consecutiveFailures(3)
        .baseCooldown(Duration.ofSeconds(30))
        .maxCooldown(Duration.ofMinutes(4))
        .probes(2);
  }

  @Test
  void consecutiveFailuresOpenTheCircuitThenProbesCloseIt() {
    a.fallback = c -> CompletableFuture.failedFuture(status503());
    GenerationRouter router = router(breaking(cb().build()), a, b);
    Target ta = a.target("m");

    for (int i = 0; i < 3; i++) {
      assertEquals(CircuitState.CLOSED, router.circuitState(ta));
      generate(router, request());
    }
    assertEquals(CircuitState.OPEN, router.circuitState(ta));
    assertEquals(clock.instant().plusSeconds(30), router.stats(ta).openUntil());
    assertEquals(3, a.submits.size());

    // Open: a is skipped without a submit; b serves at once.
    events.clear();
    GenerationResult r = generate(router, request());
    assertEquals(3, a.submits.size(), "an open circuit sends nothing");
    Attempt skipped = r.attempts().get(0);
    assertEquals(Attempt.Outcome.SKIPPED, skipped.outcome());
    assertEquals(FailureClass.RETRYABLE, skipped.failureClass());
    assertEquals(FailureKind.NOT_SENT, skipped.kind());
    assertTrue(skipped.message().startsWith("circuit open"), skipped.message());
    assertEquals(ta, events(ProgressEvent.AttemptSkipped.class).get(0).target());
    assertEquals(ta, events(ProgressEvent.FailingOver.class).get(0).target());
    assertEquals(1, router.stats(ta).circuitRejections());

    // After the cooldown: half-open; two accepted probes close it.
    clock.advance(Duration.ofSeconds(30));
    assertEquals(CircuitState.HALF_OPEN, router.circuitState(ta));
    a.fallback = a::finished;
    generate(router, request());
    assertEquals(CircuitState.HALF_OPEN, router.circuitState(ta), "one probe is not enough");
    generate(router, request());
    assertEquals(CircuitState.CLOSED, router.circuitState(ta));
    assertEquals(5, a.submits.size());
    assertNull(router.stats(ta).openUntil());
  }

  @Test
  void aFailedProbeReopensWithADoubledCooldown() {
    a.fallback = c -> CompletableFuture.failedFuture(status503());
    GenerationRouter router = router(breaking(cb().build()), a, b);
    Target ta = a.target("m");
    for (int i = 0; i < 3; i++) {
      generate(router, request());
    }
    clock.advance(Duration.ofSeconds(30));
    generate(router, request()); // the probe fails
    assertEquals(CircuitState.OPEN, router.circuitState(ta));
    assertEquals(clock.instant().plusSeconds(60), router.stats(ta).openUntil());
    clock.advance(Duration.ofSeconds(60));
    generate(router, request());
    assertEquals(clock.instant().plusSeconds(120), router.stats(ta).openUntil());
    clock.advance(Duration.ofSeconds(120));
    generate(router, request());
    assertEquals(
        clock.instant().plus(Duration.ofMinutes(4)),
        router.stats(ta).openUntil(),
        "capped at maxCooldown");
    assertEquals(4, router.stats(ta).timesOpened());
  }

  @Test
  void aFailureRateOverTheWindowOpensTheCircuit() {
    CircuitBreakerSettings rate =
        cb().consecutiveFailures(100).minimumCalls(6).failureRateThreshold(0.5).build();
    GenerationRouter router = router(breaking(rate), a, b);
    Target ta = a.target("m");
    for (int i = 0; i < 5; i++) {
      if (i % 2 == 0) {
        a.thenFail(status503());
      }
      generate(router, request());
      clock.advance(Duration.ofSeconds(5));
    }
    assertEquals(CircuitState.CLOSED, router.circuitState(ta), "below the minimum of calls");
    assertEquals(5, router.stats(ta).windowCalls());
    assertEquals(3, router.stats(ta).windowFailures());
    generate(router, request()); // a success: 3 of 6 failed, the threshold is reached
    assertEquals(CircuitState.CLOSED, router.circuitState(ta), "only failures trip it");
    a.thenFail(status503());
    generate(router, request());
    assertEquals(CircuitState.OPEN, router.circuitState(ta));
  }

  @Test
  void oldCallsLeaveTheWindow() {
    CircuitBreakerSettings rate =
        cb().consecutiveFailures(100)
            .minimumCalls(4)
            .failureRateThreshold(0.5)
            .window(Duration.ofSeconds(60))
            .build();
    GenerationRouter router = router(breaking(rate), a, b);
    a.thenFail(3, status503());
    for (int i = 0; i < 3; i++) {
      generate(router, request());
    }
    clock.advance(Duration.ofSeconds(61));
    generate(router, request());
    assertEquals(CircuitState.CLOSED, router.circuitState(a.target("m")));
    assertEquals(1, router.stats(a.target("m")).windowCalls());
  }

  @Test
  void callerErrorsAndContentRejectionsNeverOpenTheCircuit() {
    a.fallback =
        c ->
            CompletableFuture.failedFuture(
                NonRetryableProviderException.withStatus("HTTP 422", 422));
    GenerationRouter router = router(breaking(cb().consecutiveFailures(1).build()), a, b);
    for (int i = 0; i < 5; i++) {
      assertThrows(NonRetryableProviderException.class, () -> generate(router, request()));
    }
    assertEquals(CircuitState.CLOSED, router.circuitState(a.target("m")));
    assertEquals(0, router.stats(a.target("m")).windowCalls());
  }

  @Test
  void stateIsVisiblePerTargetAndUnknownTargetsAreNamed() {
    GenerationRouter router = router(breaking(cb().build()), a, b);
    List<TargetStats> stats = router.stats();
    assertEquals(
        List.of(a.target("m"), b.target("m")), stats.stream().map(TargetStats::target).toList());
    assertTrue(stats.stream().allMatch(s -> s.circuit() == CircuitState.CLOSED));
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> router.circuitState(new Target("c", "m")));
    assertTrue(e.getMessage().contains("a:m"), e.getMessage());
    GenerationRouter off =
        router(settings().circuitBreaker(CircuitBreakerSettings.disabled()).build(), a);
    assertEquals(CircuitState.DISABLED, off.circuitState(a.target("m")));
  }

  @Test
  void anOpenCircuitIsLeftOutOfTheWeightedFirstChoice() {
    random = new FixedRandom(0.1); // would pick a (weight 1 of 2)
    a.thenFail(status503());
    Route route = Route.builder().target(a, "m", 1).target(b, "m", 1).build();
    GenerationRouter router = router(breaking(cb().consecutiveFailures(1).build()), route);
    generate(router, request());
    assertEquals(CircuitState.OPEN, router.circuitState(a.target("m")));
    events.clear();
    GenerationResult r = generate(router, request());
    assertEquals(List.of(b.target("m")), targets(r), "b is drawn first; a is not even skipped");
  }

  @Test
  void aRetryThatFindsTheCircuitOpenFailsOverWithTheRealErrorAndKeepsItsToken() {
    RetryableProviderException first = status503();
    a.thenFail(first);
    GenerationRouter router =
        router(
            RouterSettings.builder()
                .retry(RetryPolicy.builder().maxAttempts(3).build())
                .circuitBreaker(cb().consecutiveFailures(1).build())
                .build(),
            a);

    RetryableProviderException e = failure(RetryableProviderException.class, router, request());

    assertEquals(first, e, "the caller sees the vendor's failure, not the circuit");
    assertEquals(1, a.submits.size());
    assertEquals(1, sleeper.sleeps.size(), "the backoff ran before the circuit was seen open");
    assertEquals(10.0, router.stats(a.target("m")).retryTokens(), 1e-9, "the unused token is back");
    assertEquals(1, router.stats(a.target("m")).circuitRejections());
  }
}
