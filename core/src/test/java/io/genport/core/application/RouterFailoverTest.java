package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.port.JobStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skips, failover and what ends a call. */
class RouterFailoverTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a", 4, 16);
  private final StubProvider b = new StubProvider("b", 4, 4);

  @Test
  void aTargetThatCannotHonourARequiredFieldIsSkippedBeforeAnythingIsSent() {
    GenerationRequest req =
        GenerationRequest.builder("fox")
            .size(Size.exact(1000, 700))
            .require(RequestField.SIZE)
            .seed(3L)
            .build();

    GenerationResult r = generate(router(settings().build(), a, b), req);

    assertEquals(0, a.submits.size(), "nothing is sent to a target that cannot honour the size");
    assertEquals(1, b.submits.size());
    assertEquals(List.of(a.target("m"), b.target("m")), targets(r));
    Attempt skip = r.attempts().get(0);
    assertEquals(Attempt.Outcome.SKIPPED, skip.outcome());
    assertEquals(FailureClass.UNSUPPORTED, skip.failureClass());
    assertEquals(FailureKind.NOT_SENT, skip.kind());
    assertFalse(skip.accepted());
    assertTrue(skip.message().startsWith("size"), skip.message());
    assertEquals(1000, r.images().get(0).width());
    ProgressEvent.AttemptSkipped event = events(ProgressEvent.AttemptSkipped.class).get(0);
    assertEquals(a.target("m"), event.target());
    assertEquals(FailureClass.UNSUPPORTED, event.failureClass());
  }

  @Test
  void aTargetWhosePlanRejectsTheRequestIsSkippedToo() {
    a.planError = new InvalidRequestException("extensions", "a.foo is not a parameter of m");

    GenerationResult r = generate(router(settings().build(), a, b), request());

    assertEquals(0, a.submits.size());
    assertEquals(Attempt.Outcome.SKIPPED, r.attempts().get(0).outcome());
    assertEquals(FailureClass.INVALID_REQUEST, r.attempts().get(0).failureClass());
  }

  @Test
  void whenNoTargetCanServeTheRequestTheErrorNamesEveryTarget() {
    StubProvider c = new StubProvider("c", 4, 16);
    GenerationRequest req =
        GenerationRequest.builder("fox")
            .size(Size.exact(1000, 700))
            .require(RequestField.SIZE)
            .build();

    UnsupportedCapabilityException e =
        failure(UnsupportedCapabilityException.class, router(settings().build(), a, c), req);

    assertEquals(RequestField.SIZE, e.field());
    assertTrue(e.getMessage().contains("a:m") && e.getMessage().contains("c:m"), e.getMessage());
    assertEquals(0, a.submits.size() + c.submits.size());
  }

  @Test
  void aRetryableSubmitFailureFailsOverWithAttemptsAndEventsInOrder() {
    a.thenFail(status503());
    GenerationRouter router = router(settings().retry(RetryPolicy.none()).build(), a, b);

    GenerationResult r = generate(router, request());

    assertEquals(1, a.submits.size());
    assertEquals(1, b.submits.size());
    assertEquals(List.of(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED), outcomes(r));
    Attempt failed = r.attempts().get(0);
    assertEquals(FailureClass.RETRYABLE, failed.failureClass());
    assertEquals(FailureKind.BEFORE_ACCEPTANCE, failed.kind());
    assertFalse(failed.accepted());
    assertNull(failed.vendorJobId());
    Attempt ok = r.attempts().get(1);
    assertTrue(ok.accepted());
    assertEquals(r.vendorRequestIds().get(0), ok.vendorJobId());
    assertEquals(
        List.of(
            ProgressEvent.AttemptStarted.class,
            ProgressEvent.AttemptFailed.class,
            ProgressEvent.AttemptEnded.class,
            ProgressEvent.FailingOver.class,
            ProgressEvent.AttemptStarted.class,
            ProgressEvent.AttemptEnded.class,
            ProgressEvent.Completed.class),
        events.stream().map(Object::getClass).toList());
    ProgressEvent.FailingOver fo = events(ProgressEvent.FailingOver.class).get(0);
    assertEquals(a.target("m"), fo.target());
    assertEquals(b.target("m"), fo.next());
    assertTrue(fo.reason().contains("503"), fo.reason());
    assertEquals(1, router.stats(a.target("m")).failovers());
  }

  @Test
  void attemptLatencyIsMeasuredOnTheInjectedClock() {
    a.thenAccept(List.of(new JobStatus.Running(List.of()), new JobStatus.Running(List.of())));
    GenerationResult r = generate(router(settings().build(), a), request());
    // Three polls (running, running, done) after the schedule's waits: 250 + 300 + 360 ms.
    assertEquals(Duration.ofMillis(910), r.attempts().get(0).latency());
  }

  @Test
  void aPermanentFailureNotPinnedOnTheTargetEndsTheCallWithoutFailover() {
    // No FailureReason: nothing says the target alone is to blame (RouterTargetFailureTest has the
    // failures that do, and fail over).
    NonRetryableProviderException auth = NonRetryableProviderException.withStatus("HTTP 400", 400);
    a.thenFail(auth);

    NonRetryableProviderException e =
        failure(NonRetryableProviderException.class, router(settings().build(), a, b), request());

    assertSame(auth, e);
    assertEquals(1, a.submits.size(), "a caller error is not retried");
    assertEquals(0, b.submits.size(), "nor failed over");
    assertTrue(events(ProgressEvent.FailingOver.class).isEmpty());
  }

  @Test
  void anInvalidRequestOnSubmitEndsTheCall() {
    a.thenFail(new InvalidRequestException("prompt", "rejected by the vendor's validation"));
    failure(InvalidRequestException.class, router(settings().build(), a, b), request());
    assertEquals(0, b.submits.size());
  }

  @Test
  void aContentRejectionEndsTheCallByDefault() {
    a.thenFail(new ContentRejectedException("prompt flagged"));

    ContentRejectedException e =
        failure(ContentRejectedException.class, router(settings().build(), a, b), request());

    assertEquals("prompt flagged", e.getMessage());
    assertEquals(1, a.submits.size());
    assertEquals(0, b.submits.size());
  }

  @Test
  void aContentRejectionOfTheSubmitFailsOverWhenConfigured() {
    a.thenFail(new ContentRejectedException("prompt flagged"));

    GenerationResult r =
        generate(router(settings().failoverOnContentRejection(true).build(), a, b), request());

    assertEquals(1, b.submits.size());
    assertEquals(FailureKind.CONTENT_REJECTED, r.attempts().get(0).kind());
    assertEquals(FailureClass.CONTENT_REJECTED, r.attempts().get(0).failureClass());
  }

  @Test
  void aContentRejectionOfAnAcceptedJobEndsTheCallEvenWhenConfigured() {
    a.thenAccept(List.of(new JobStatus.Failed(new ContentRejectedException("output flagged"))));

    failure(
        ContentRejectedException.class,
        router(settings().failoverOnContentRejection(true).build(), a, b),
        request());

    assertEquals(1, a.submits.size());
    assertEquals(0, b.submits.size(), "a vendor held a job: the request is never sent again");
  }

  @Test
  void anAmbiguousSubmitEndsTheCallUnlessTheCallerOptedIn() {
    RetryableProviderException reset = resetAfterSend();
    a.thenFail(reset);

    RetryableProviderException e =
        failure(RetryableProviderException.class, router(settings().build(), a, b), request());

    assertSame(reset, e);
    assertTrue(e.ambiguous());
    assertEquals(1, a.submits.size(), "not retried on the same target");
    assertEquals(0, b.submits.size(), "nor on the next");
    assertTrue(events(ProgressEvent.PossibleDuplicate.class).isEmpty());
  }

  @Test
  void anAmbiguousSubmitIsResubmittedWhenOptedInAndTheResultSaysItMayBeADuplicate() {
    a.thenFail(resetAfterSend());
    GenerationRouter router =
        router(settings().retry(RetryPolicy.none()).resubmitAmbiguous(true).build(), a, b);

    GenerationResult r = generate(router, request());

    assertEquals(1, b.submits.size());
    assertTrue(r.possibleDuplicate());
    Attempt first = r.attempts().get(0);
    assertEquals(FailureKind.AMBIGUOUS, first.kind());
    assertFalse(first.possibleDuplicate(), "the ambiguous submit itself is the original");
    assertTrue(r.attempts().get(1).possibleDuplicate());
    ProgressEvent.PossibleDuplicate pd = events(ProgressEvent.PossibleDuplicate.class).get(0);
    assertEquals(b.target("m"), pd.target());
    assertTrue(pd.reason().contains("reset"), pd.reason());
    assertEquals(1, router.stats(b.target("m")).possibleDuplicates());
    assertEquals(1, router.stats(a.target("m")).ambiguousSubmits());
  }

  @Test
  void anAmbiguousSubmitMayBeRetriedOnTheSameTargetWhenOptedIn() {
    a.thenFail(resetAfterSend());
    GenerationResult r =
        generate(
            router(settings().retry(retry().build()).resubmitAmbiguous(true).build(), a, b),
            request());
    assertEquals(2, a.submits.size());
    assertEquals(0, b.submits.size());
    assertTrue(r.possibleDuplicate());
  }

  @Test
  void aCleanResultIsNeitherHedgedNorAPossibleDuplicate() {
    GenerationResult r = generate(router(settings().build(), a, b), request());
    assertFalse(r.possibleDuplicate());
    assertFalse(r.hedged());
  }
}
