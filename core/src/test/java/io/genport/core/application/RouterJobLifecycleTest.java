package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Accepted jobs: never resubmitted, polled to the end or the deadline, resumable, cancellable. */
class RouterJobLifecycleTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  private static JobStatus running() {
    return new JobStatus.Running(List.of());
  }

  @Test
  void failedStatusPollsArePolledAgainOnTheSameJobNeverResubmitted() {
    a.thenAccept(
        List.of(status503(), resetAfterSend(), new JobStatus.Queued(1), status503(), running()));

    GenerationRouter router = router(settings().build(), a, b);

    GenerationResult r = generate(router, request());

    assertEquals(1, a.submits.size());
    assertEquals(0, b.submits.size());
    assertEquals(6, a.polled.size());
    assertTrue(a.polled.stream().allMatch(j -> j.id().equals(r.vendorRequestIds().get(0))));
    assertEquals(1, r.attempts().size());
    assertEquals(3, router.stats(a.target("m")).pollFailures());
  }

  @Test
  void aStatusPollLeftUnansweredIsAskedAgainAfterThePollTimeout() {
    CompletableFuture<JobStatus> hung = new CompletableFuture<>();
    a.thenAccept(List.of(hung, running()));
    GenerationRouter router =
        router(
            settings().deadline(Duration.ofMinutes(1)).pollTimeout(Duration.ofSeconds(5)).build(),
            a,
            b);

    GenerationResult r = generate(router, request());

    assertEquals(1, r.images().size());
    assertEquals(List.of(Duration.ofSeconds(5)), sleeper.waits, "waited the poll timeout, once");
    assertEquals(3, a.polled.size(), "the hung poll, then two answered ones");
    assertEquals(1, a.submits.size());
    assertEquals(0, b.submits.size());
    assertEquals(1, router.stats(a.target("m")).pollFailures());
    assertFalse(hung.isDone(), "the hung poll is simply not waited for any more");
  }

  @Test
  void aSlowPollThatAnswersAfterThePollTimeoutIsStillUsed() {
    // Poll 1 answers only after its timeout, while poll 2 (asked because of it) hangs: a poller
    // that gave poll 1 up would wait on poll 2, then a poll 3, and so on until the deadline.
    CompletableFuture<JobStatus> slow = new CompletableFuture<>();
    CompletableFuture<JobStatus> hung = new CompletableFuture<>();
    a.thenAccept(List.of(slow, hung));
    FakeSleeper answeringLate =
        new FakeSleeper(clock) {
          @Override
          public boolean awaitCompletion(java.util.concurrent.Future<?> future, Duration timeout) {
            boolean done = super.awaitCompletion(future, timeout);
            // Poll 1 answers during the second wait, which covers both polls.
            if (!done && waits.size() == 2) {
              slow.complete(
                  new JobStatus.Succeeded(
                      List.of(
                          new io.genport.core.domain.GeneratedImage(
                              io.genport.core.domain.ImageSource.of(new byte[] {1}),
                              "image/png",
                              1024,
                              1024,
                              1L,
                              false)),
                      null));
            }
            return done;
          }
        };
    GenerationRouter router =
        GenerationRouter.builder(Route.builder().target(a, "m").target(b, "m").build())
            .settings(
                settings()
                    .deadline(Duration.ofMinutes(1))
                    .pollTimeout(Duration.ofSeconds(5))
                    .build())
            .clock(clock)
            .sleeper(answeringLate)
            .executor(executor)
            .random(random)
            .build();

    GenerationResult r = generate(router, request());

    assertEquals(1, r.images().size());
    assertEquals(2, a.polled.size(), "the slow poll, and one asked again after its timeout");
    assertEquals(
        List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)),
        answeringLate.waits,
        "poll 1 timed out; then poll 1 and poll 2 were waited for together, and poll 1 answered");
    assertFalse(hung.isDone(), "the second poll was overtaken by the first");
    assertEquals(1, a.submits.size());
    assertEquals(1, router.stats(a.target("m")).pollFailures());
  }

  @Test
  void aJobThatFailsAfterAcceptanceIsNeverSubmittedAgainAnywhere() {
    RetryableProviderException gpu = RetryableProviderException.answered("GPU worker lost", null);
    a.thenAccept(List.of(running(), new JobStatus.Failed(gpu)));
    GenerationRouter router =
        router(settings().retry(retry().maxAttempts(5).build()).build(), a, b);

    RetryableProviderException e = failure(RetryableProviderException.class, router, request());

    assertSame(gpu, e);
    assertEquals(1, a.submits.size(), "not retried although the failure is retryable");
    assertEquals(0, b.submits.size(), "not failed over either");
    Attempt attempt = ended().get(0);
    assertEquals(Attempt.Outcome.FAILED, attempt.outcome());
    assertEquals(FailureKind.AFTER_ACCEPTANCE, attempt.kind());
    assertTrue(attempt.accepted());
    assertNotNull(attempt.vendorJobId());
    assertEquals(1, router.stats(a.target("m")).accepted());
  }

  private List<Attempt> ended() {
    return events(ProgressEvent.AttemptEnded.class).stream()
        .map(ProgressEvent.AttemptEnded::attempt)
        .toList();
  }

  @Test
  void theDeadlineCoversRetriesFailoverAndPollingAndLeavesAResumableHandle() {
    Instant t0 = clock.instant();
    random = new FixedRandom(0);
    a.fallback = c -> CompletableFuture.failedFuture(status429(Duration.ofSeconds(4)));
    b.fallback = c -> b.accepted(c, Collections.nCopies(10, running()));
    GenerationRouter router =
        router(
            settings()
                .deadline(Duration.ofSeconds(10))
                .retry(retry().maxAttempts(3).build())
                .build(),
            a,
            b);

    DeadlineExceededException d = failure(DeadlineExceededException.class, router, request());

    // a: submit at 0 s, 4 s, 8 s (waiting for Retry-After); b accepted at 8 s, polled at 9 s, 10 s.
    assertEquals(3, a.submits.size());
    assertEquals(1, b.submits.size());
    assertEquals(
        Duration.ofSeconds(10),
        Duration.between(t0, clock.instant()),
        "the call ended exactly at its deadline");
    assertEquals(
        List.of(
            FailureKind.BEFORE_ACCEPTANCE,
            FailureKind.BEFORE_ACCEPTANCE,
            FailureKind.BEFORE_ACCEPTANCE,
            FailureKind.AFTER_ACCEPTANCE),
        ended().stream().map(Attempt::kind).toList());
    assertNotNull(d.handle());
    assertTrue(b.cancelled.isEmpty(), "a deadline leaves the paid job running");
    assertTrue(d.getMessage().contains("resume"), d.getMessage());

    GenerationResult resumed = router.resume(d.handle(), null).result().join();
    assertEquals(1, resumed.images().size());
    assertEquals(1, b.submits.size(), "resume polls, it never submits");
    assertEquals(3, a.submits.size());
    assertEquals(b.target("m"), resumed.attempts().get(0).target());
    assertTrue(resumed.attempts().get(0).accepted());
  }

  @Test
  void aSubmitUnansweredAtTheDeadlineIsAmbiguousAndItsLateJobIsCancelled() {
    a.thenHang();
    GenerationRouter router = router(settings().deadline(Duration.ofSeconds(30)).build(), a, b);
    CompletableFuture<GenerationResult> f = router.generateAsync(request(), events::add);

    DeadlineExceededException d =
        assertInstanceOf(
            DeadlineExceededException.class, assertThrows(Exception.class, f::join).getCause());
    assertNull(d.handle(), "no vendor had accepted anything");
    assertEquals(List.of(Duration.ofSeconds(30)), sleeper.waits);
    assertEquals(0, b.submits.size(), "an unanswered submit is not failed over");

    a.pending.get(0).complete(a.job("late"));
    assertEquals(List.of("late"), a.cancelled.stream().map(j -> j.id()).toList());
    assertEquals(1, router.stats(a.target("m")).orphansCancelled());
  }

  @Test
  void theDeadlineIsRecordedAsAnAmbiguousAttemptWhenTheSubmitWasInFlight() {
    a.thenHang();
    GenerationRouter router = router(settings().deadline(Duration.ofSeconds(5)).build(), a);
    CompletableFuture<GenerationResult> f = router.generateAsync(request(), events::add);
    assertThrows(Exception.class, f::join);
    assertEquals(1, router.stats(a.target("m")).submits());
    Attempt attempt = ended().get(0);
    assertEquals(FailureKind.AMBIGUOUS, attempt.kind());
    assertEquals(Duration.ofSeconds(5), attempt.latency());
    assertFalse(attempt.accepted());
  }

  @Test
  void resumingAHandleFromAnotherRouteIsRefusedNamingTheTarget() {
    b.fallback = c -> b.accepted(c, Collections.nCopies(5, running()));
    GenerationRouter router = router(settings().deadline(Duration.ofSeconds(2)).build(), b);
    DeadlineExceededException d = failure(DeadlineExceededException.class, router, request());
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> router(settings().build(), a).resume(d.handle(), null));
    assertEquals("handle", e.field());
    assertTrue(e.getMessage().contains("b:m"), e.getMessage());
  }

  @Test
  void cancellingTheFutureCancelsTheVendorJob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    executor = pool;
    a.thenAccept(Collections.nCopies(100_000, running()));
    GenerationRouter router =
        GenerationRouter.builder(Route.builder().target(a, "m").build())
            .settings(settings().deadline(Duration.ofHours(1)).build())
            .clock(clock)
            .sleeper(
                d -> {
                  clock.advance(d);
                  Thread.sleep(1);
                })
            .executor(pool)
            .build();

    GenerationJob job = router.submit(request());
    assertTrue(job.handle().startsWith("gp1."));
    router.cancel(job);
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the part's loop stops");
    assertEquals(1, a.cancelled.size());
    assertEquals(1, a.submits.size());
    assertTrue(job.result().isCancelled());
    assertEquals(1, router.stats(a.target("m")).vendorCancels());
  }

  @Test
  void aCancelBeforeTheSubmitIsAnsweredCancelsTheJobWhenItArrives() {
    a.thenHang();
    GenerationRouter router = router(settings().build(), a);
    CompletableFuture<GenerationResult> f = router.generateAsync(request());
    // The same-thread executor already returned: the part waits on the unanswered submit.
    f.cancel(false);
    a.pending.get(0).complete(a.job("late"));
    assertEquals(1, a.cancelled.size());
    assertEquals("late", a.cancelled.get(0).id());
  }

  @Test
  void submitThrowsWhenNoVendorAcceptedAnything() {
    a.thenFail(NonRetryableProviderException.withStatus("HTTP 401", 401));
    GenerationRouter router = router(settings().build(), a);
    assertThrows(
        io.genport.core.domain.NonRetryableProviderException.class, () -> router.submit(request()));
  }

  @Test
  void aHandleNamesEachPartsOwnTargetAndResumesAcrossTargets() {
    StubProvider small = new StubProvider("small", 2, 8);
    small.then(c -> small.accepted(c, List.of(running())));
    small.thenFail(status503());
    small.then(c -> small.accepted(c, List.of(running())));
    b.fallback = c -> b.accepted(c, List.of(running()));
    GenerationRouter router = router(settings().retry(RetryPolicy.none()).build(), small, b);
    GenerationRequest req = GenerationRequest.builder("fox").count(6).seed(10L).build();

    GenerationJob job = router.submit(req);
    JobHandle h = JobHandle.decode(job.handle());
    assertEquals(
        List.of(small.target("m"), b.target("m"), small.target("m")),
        h.parts().stream().map(h::targetOf).toList());
    GenerationResult first = job.result().join();
    GenerationResult again = router.resume(job.handle(), null).result().join();
    assertEquals(
        first.images().stream().map(i -> i.seed()).toList(),
        again.images().stream().map(i -> i.seed()).toList());
    assertEquals(
        List.of(10L, 10L, 12L, 12L, 14L, 14L), again.images().stream().map(i -> i.seed()).toList());
    assertEquals(3, small.submits.size());
    assertEquals(1, b.submits.size());
  }

  @Test
  void handlesWithoutPerPartTargetsStillDecode() {
    JobHandle h =
        new JobHandle(
            new Target("fal", "fal-ai/flux/dev"),
            List.of(
                new JobHandle.Part(
                    new io.genport.core.domain.negotiation.CallPart(0, 1, 5L, 0),
                    null,
                    "x",
                    java.util.Map.of()),
                new JobHandle.Part(
                    new io.genport.core.domain.negotiation.CallPart(1, 1, 6L, 1),
                    null,
                    "y",
                    java.util.Map.of(),
                    new Target("replicate", "owner/model:v1"))));
    JobHandle back = JobHandle.decode(h.encode());
    assertEquals(h, back);
    assertEquals(new Target("fal", "fal-ai/flux/dev"), back.targetOf(back.parts().get(0)));
    assertEquals(new Target("replicate", "owner/model:v1"), back.targetOf(back.parts().get(1)));
    assertFalse(h.encode().contains("replicate"), "the handle is opaque base64");
  }
}
