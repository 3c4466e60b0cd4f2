package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.port.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target that cannot serve (no credential, 401, 403, no credits, unknown model, a refused plan)
 * is left for the next target at once, as the vendor-failover gateways do; only a request the
 * caller got wrong, a content refusal (unless configured) and the failure of an accepted job end
 * the call.
 */
class RouterTargetFailureTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  /** Each row as the provider toolkit's failure classification builds it. */
  static Stream<Arguments> targetFailures() {
    return Stream.of(
        row(FailureReason.NO_CREDENTIAL, "no a credential: set A_KEY", 0),
        row(FailureReason.CREDENTIAL_REFUSED, "a returned HTTP 401 (check A_KEY)", 401),
        row(FailureReason.CREDENTIAL_REFUSED, "a returned HTTP 403 (check A_KEY)", 403),
        row(FailureReason.OUT_OF_CREDITS, "a returned HTTP 402 (out of credits)", 402),
        row(FailureReason.MODEL_UNAVAILABLE, "a returned HTTP 404 (no such model)", 404),
        row(FailureReason.PLAN_REFUSED, "a returned HTTP 422: output_format", 422),
        row(FailureReason.PLAN_REFUSED, "a returned HTTP 400: bad size", 400));
  }

  private static Arguments row(FailureReason reason, String message, int status) {
    return Arguments.of(
        reason, NonRetryableProviderException.targetCannotServe(reason, message, status));
  }

  /** Retries and backoffs on, so a retry of the failing target would show. */
  private static RouterSettings.Builder retrying() {
    return settings().retry(retry().maxAttempts(3).initialBackoff(Duration.ofSeconds(1)).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetFailures")
  void aTargetThatCannotServeIsLeftForTheNextAtOnce(
      FailureReason reason, NonRetryableProviderException failure) {
    a.thenFail(failure);

    GenerationResult r = generate(router(retrying().build(), a, b), request());

    assertEquals(1, a.submits.size(), "no retry on a target that cannot serve");
    assertEquals(1, b.submits.size(), "the next target serves");
    assertEquals(1, r.images().size());
    assertTrue(sleeper.sleeps.isEmpty(), "no backoff before moving on: " + sleeper.sleeps);
    assertEquals(List.of(a.target("m"), b.target("m")), targets(r));
    Attempt left = r.attempts().get(0);
    assertEquals(Attempt.Outcome.FAILED, left.outcome());
    assertEquals(FailureKind.TARGET_UNAVAILABLE, left.kind());
    assertEquals(FailureClass.NOT_RETRYABLE, left.failureClass());
    assertEquals(reason, left.reason(), "the attempt says why the target was left");
    assertEquals(failure.getMessage(), left.message());
    assertEquals(Attempt.Outcome.SUCCEEDED, r.attempts().get(1).outcome());
    assertNull(r.attempts().get(1).reason());
    ProgressEvent.FailingOver fo = events(ProgressEvent.FailingOver.class).get(0);
    assertEquals(a.target("m"), fo.target());
    assertEquals(b.target("m"), fo.next());
    assertTrue(fo.reason().contains(reason.description()), fo.reason());
    assertTrue(events(ProgressEvent.RetryScheduled.class).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetFailures")
  void theTargetsCircuitCountsItAndOpensOnTheThreshold(
      FailureReason reason, NonRetryableProviderException failure) {
    a.fallback = c -> CompletableFuture.failedFuture(failure);
    RouterSettings s =
        RouterSettings.builder()
            .retry(retry().build())
            .circuitBreaker(
                CircuitBreakerSettings.builder()
                    .consecutiveFailures(2)
                    .baseCooldown(Duration.ofSeconds(30))
                    .build())
            .build();
    GenerationRouter router = router(s, a, b);

    generate(router, request());
    assertEquals(1, router.stats(a.target("m")).consecutiveFailures(), "counted by the circuit");
    assertEquals(1, router.stats(a.target("m")).submitFailures());
    generate(router, request());
    assertEquals(CircuitState.OPEN, router.circuitState(a.target("m")));

    GenerationResult third = generate(router, request());
    assertEquals(2, a.submits.size(), "an open circuit keeps the part away from a");
    assertEquals(3, b.submits.size());
    assertEquals(Attempt.Outcome.SKIPPED, third.attempts().get(0).outcome());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetFailures")
  void whenEveryTargetCannotServeTheCallEndsWithTheLastReasonAndEachAttemptSaysWhy(
      FailureReason reason, NonRetryableProviderException failure) {
    NonRetryableProviderException onB =
        NonRetryableProviderException.targetCannotServe(
            FailureReason.OUT_OF_CREDITS, "b returned HTTP 402", 402);
    a.thenFail(failure);
    b.thenFail(onB);

    NonRetryableProviderException e =
        failure(NonRetryableProviderException.class, router(retrying().build(), a, b), request());

    assertSame(onB, e);
    assertEquals(1, a.submits.size());
    assertEquals(1, b.submits.size());
    assertTrue(sleeper.sleeps.isEmpty());
    List<Attempt> seen =
        events(ProgressEvent.AttemptEnded.class).stream()
            .map(ProgressEvent.AttemptEnded::attempt)
            .toList();
    assertEquals(
        List.of(a.target("m"), b.target("m")), seen.stream().map(Attempt::target).toList());
    assertEquals(
        List.of(reason, FailureReason.OUT_OF_CREDITS), seen.stream().map(Attempt::reason).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetFailures")
  void anAcceptedJobIsNeverSubmittedAgainWhateverItsFailureSays(
      FailureReason reason, NonRetryableProviderException failure) {
    a.thenAccept(List.of(new JobStatus.Failed(failure)));

    NonRetryableProviderException e =
        failure(NonRetryableProviderException.class, router(retrying().build(), a, b), request());

    assertSame(failure, e);
    assertEquals(1, a.submits.size());
    assertEquals(0, b.submits.size(), "the vendor accepted the job: it is never sent elsewhere");
  }

  @org.junit.jupiter.api.Test
  void aPermanentFailureThatNothingPinsOnTheTargetStillEndsTheCall() {
    // The old constructors: a provider that does not say the target is to blame.
    NonRetryableProviderException vague =
        NonRetryableProviderException.withStatus("HTTP 422 unprocessable", 422);
    a.thenFail(vague);

    assertSame(
        vague,
        failure(NonRetryableProviderException.class, router(retrying().build(), a, b), request()));
    assertEquals(FailureReason.UNSPECIFIED, vague.reason());
    assertEquals(1, a.submits.size());
    assertEquals(0, b.submits.size());
  }

  @org.junit.jupiter.api.Test
  void aRequestTheCallerGotWrongEndsTheCallWhilePlanningWithNothingSent() {
    InvalidRequestException wrong = new InvalidRequestException("extensions", "x is not a knob");
    a.planError = wrong;
    b.planError = new InvalidRequestException("extensions", "x is not a knob of b either");

    InvalidRequestException e =
        failure(InvalidRequestException.class, router(retrying().build(), a, b), request());

    assertEquals("extensions", e.field());
    assertEquals(0, a.submits.size() + b.submits.size(), "nothing is sent");
    assertTrue(sleeper.sleeps.isEmpty());
  }

  @org.junit.jupiter.api.Test
  void aVendorCallingTheRequestInvalidOnSubmitEndsTheCall() {
    a.thenFail(new InvalidRequestException("prompt", "too long for the vendor"));
    failure(InvalidRequestException.class, router(retrying().build(), a, b), request());
    assertEquals(0, b.submits.size());
  }

  @org.junit.jupiter.api.Test
  void aContentRefusalEndsTheCallUnlessFailoverOnItIsConfigured() {
    a.thenFail(new ContentRejectedException("prompt flagged"));
    failure(ContentRejectedException.class, router(retrying().build(), a, b), request());
    assertEquals(0, b.submits.size(), "off by default");

    a.thenFail(new ContentRejectedException("prompt flagged"));
    GenerationResult r =
        generate(router(retrying().failoverOnContentRejection(true).build(), a, b), request());
    assertEquals(1, b.submits.size());
    assertEquals(FailureKind.CONTENT_REJECTED, r.attempts().get(0).kind());
  }

  @org.junit.jupiter.api.Test
  void aHedgeThatCannotServeLeavesThePrimarySubmitRunning() {
    a.thenHang();
    b.thenFail(
        NonRetryableProviderException.targetCannotServe(
            FailureReason.MODEL_UNAVAILABLE, "b returned HTTP 404", 404));
    StubProvider c = new StubProvider("c");
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    // 1st wait: the hedge delay passes; 2nd: the hedge's failure is seen; 3rd: a answers.
    FakeSleeper answering =
        new FakeSleeper(clock) {
          @Override
          public boolean awaitCompletion(java.util.concurrent.Future<?> f, Duration timeout) {
            if (calls.incrementAndGet() == 3) {
              a.pending.get(0).complete(a.finished(a.submits.get(0)).join());
            }
            return super.awaitCompletion(f, timeout);
          }
        };
    GenerationRouter router =
        GenerationRouter.builder(
                Route.builder().target(a, "m").target(b, "m").target(c, "m").build())
            .settings(settings().hedging(HedgingSettings.after(Duration.ofSeconds(5))).build())
            .clock(clock)
            .sleeper(answering)
            .executor(executor)
            .random(random)
            .build();

    GenerationResult r = router.generateAsync(request(), events::add).join();

    assertEquals(0, c.submits.size());
    assertEquals(List.of(Attempt.Outcome.SUCCEEDED, Attempt.Outcome.FAILED), outcomes(r));
    Attempt hedge = r.attempts().get(1);
    assertTrue(hedge.hedge());
    assertEquals(FailureKind.TARGET_UNAVAILABLE, hedge.kind());
    assertEquals(FailureReason.MODEL_UNAVAILABLE, hedge.reason());
    assertEquals(1, router.stats(b.target("m")).submitFailures());
  }
}
