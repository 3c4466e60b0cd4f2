package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.JobStatus;
import io.genport.core.port.Sleeper;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A route of one target with retries and circuit breaking off: planning, splitting, polling, the
 * deadline, resuming and cancelling, on a provider that scripts its polls.
 */
class RouterSingleTargetTest {
  private final FakeClock clock = new FakeClock();
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final FakeProvider provider = new FakeProvider();

  private GenerationRouter service(Duration deadline) {
    return service(
        deadline,
        d -> {
          sleeps.add(d);
          clock.advance(d);
        });
  }

  private GenerationRouter service(Duration deadline, Sleeper sleeper) {
    return GenerationRouter.builder(Route.builder().target(provider, "m").build())
        .settings(
            RouterSettings.builder()
                .deadline(deadline)
                .retry(RetryPolicy.none())
                .circuitBreaker(CircuitBreakerSettings.disabled())
                .build())
        .clock(clock)
        .sleeper(sleeper)
        .executor(pool)
        .build();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void splitsCountAndCollectsEveryPartInOrderWithDistinctSeeds() {
    List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
    GenerationRequest req =
        GenerationRequest.builder("fox").count(6).seed(100L).size(Size.exact(512, 512)).build();

    GenerationResult r = service(Duration.ofMinutes(1)).generateAsync(req, events::add).join();

    assertEquals(6, r.images().size());
    assertEquals(
        List.of(100L, 100L, 100L, 100L, 104L, 104L),
        r.images().stream().map(i -> i.seed()).toList());
    assertEquals(2, provider.started.size(), "one start per part, never more");
    assertEquals(List.of("job-0", "job-1"), r.vendorRequestIds());
    assertEquals(2, r.attempts().size());
    assertTrue(
        r.attempts().stream()
            .allMatch(a -> a.outcome() == Attempt.Outcome.SUCCEEDED && a.accepted()));
    assertTrue(r.adaptations().stream().anyMatch(a -> a.field() == RequestField.COUNT));
    assertTrue(events.stream().anyMatch(e -> e instanceof ProgressEvent.Running));
    assertEquals(2, events.stream().filter(e -> e instanceof ProgressEvent.Completed).count());
    assertTrue(
        sleeps.stream()
            .allMatch(
                d ->
                    d.compareTo(Duration.ofSeconds(1)) <= 0
                        && d.compareTo(PollSchedule.DEFAULT.first()) >= 0),
        "polls start after the schedule's first wait and never wait longer than a second: "
            + sleeps);
  }

  @Test
  void adaptationsKeepTheirFieldOrderWhenTheCountIsSplit() {
    GenerationRequest req =
        GenerationRequest.builder("fox").count(6).seed(100L).size(Size.exact(500, 500)).build();
    GenerationResult r = service(Duration.ofMinutes(1)).generate(req);
    assertEquals(
        List.of(RequestField.SIZE, RequestField.COUNT),
        r.adaptations().stream().map(a -> a.field()).toList(),
        r.adaptations().toString());
  }

  @Test
  void retryableStatusFailuresArePolledAgainNeverResubmitted() {
    provider.scriptFor =
        c ->
            List.of(
                RetryableProviderException.answered("503 on status", null),
                RetryableProviderException.notReceived("reset on status", null),
                new JobStatus.Queued(2));
    GenerationResult r =
        service(Duration.ofMinutes(1)).generate(GenerationRequest.builder("fox").seed(1L).build());
    assertEquals(1, r.images().size());
    assertEquals(1, provider.started.size());
    assertEquals(4, provider.polled.size());
  }

  @Test
  void deadlineWhileRunningGivesResumableHandleAndResumeNeverStartsAgain() {
    provider.scriptFor =
        c ->
            List.of(
                new JobStatus.Running(List.of()),
                new JobStatus.Running(List.of()),
                new JobStatus.Running(List.of()),
                new JobStatus.Running(List.of()),
                new JobStatus.Running(List.of()));
    // Five running answers take 250 + 300 + 360 + 432 + 518 ms of polling: past the deadline.
    GenerationRouter svc = service(Duration.ofMillis(1500));
    GenerationRequest req = GenerationRequest.builder("fox").count(2).seed(5L).build();

    CompletableFuture<GenerationResult> f = svc.generateAsync(req);
    Throwable e = assertThrows(Exception.class, f::join).getCause();
    DeadlineExceededException d = assertInstanceOf(DeadlineExceededException.class, e);
    assertEquals(FailureClass.RETRYABLE, d.failureClass());
    assertNotNull(d.handle());
    assertEquals(1, provider.started.size());
    assertTrue(provider.cancelled.isEmpty(), "a deadline does not cancel the paid job");

    GenerationResult resumed = svc.resume(d.handle(), null).result().join();
    assertEquals(2, resumed.images().size());
    assertEquals(List.of(5L, 5L), resumed.images().stream().map(i -> i.seed()).toList());
    assertEquals(1, provider.started.size(), "resume polls, it never submits again");
    assertEquals("job-0", provider.polled.get(provider.polled.size() - 1).id());
  }

  @Test
  void cancellingTheResultCancelsTheVendorJob() throws Exception {
    CompletableFuture<VendorJob> never = new CompletableFuture<>();
    provider.scriptFor = c -> java.util.Collections.nCopies(1000, new JobStatus.Running(List.of()));
    GenerationRouter svc =
        service(
            Duration.ofHours(1),
            d -> {
              clock.advance(d);
              Thread.sleep(1);
            });
    GenerationJob job = svc.submit(GenerationRequest.builder("fox").build());
    assertTrue(job.handle().startsWith("gp1."));
    svc.cancel(job);
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(1, provider.cancelled.size());
    assertEquals("job-0", provider.cancelled.get(0).id());
    assertFalse(never.isDone());
  }

  @Test
  void aFailedJobFailsTheCallWithItsClassAndIsNotRetried() {
    provider.scriptFor =
        c -> List.of(new JobStatus.Failed(new ContentRejectedException("nsfw prompt")));
    Throwable e =
        assertThrows(
            ContentRejectedException.class,
            () ->
                service(Duration.ofMinutes(1)).generate(GenerationRequest.builder("fox").build()));
    assertEquals("nsfw prompt", e.getMessage());
    assertEquals(1, provider.started.size());
  }

  @Test
  void startFailureIsReportedAsAnUnacceptedAttempt() {
    provider.starter =
        c -> CompletableFuture.failedFuture(RetryableProviderException.answered("502", null));
    List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<GenerationResult> f =
        service(Duration.ofMinutes(1))
            .generateAsync(GenerationRequest.builder("fox").build(), events::add);
    assertInstanceOf(
        RetryableProviderException.class, assertThrows(Exception.class, f::join).getCause());
    assertTrue(events.stream().anyMatch(ev -> ev instanceof ProgressEvent.AttemptFailed));
  }

  @Test
  void aSizeDifferentFromThePlanIsReportedAsAnAdaptation() {
    provider.returnedWidthDelta = 8;
    GenerationResult r =
        service(Duration.ofMinutes(1))
            .generate(GenerationRequest.builder("fox").size(Size.exact(512, 512)).build());
    assertTrue(
        r.adaptations().stream()
            .anyMatch(a -> a.field() == RequestField.SIZE && a.applied().equals("520x512")),
        r.adaptations().toString());
  }

  @Test
  void malformedHandlesAreRejectedNamingTheField() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> service(Duration.ofMinutes(1)).resume("nope", null));
    assertEquals("handle", e.field());
    assertThrows(
        InvalidRequestException.class,
        () -> service(Duration.ofMinutes(1)).resume("gp1.!!!", null));
  }

  @Test
  void handleRoundTripsIdsAndAttributesWithoutLoss() {
    JobHandle h =
        new JobHandle(
            new io.genport.core.domain.Target("fal", "fal-ai/flux/dev"),
            List.of(
                new JobHandle.Part(
                    new io.genport.core.domain.negotiation.CallPart(0, 4, 0L, 0),
                    new io.genport.core.domain.PixelSize(1024, 768),
                    "id with spaces&=\t",
                    java.util.Map.of("status_url", "https://q.fal.run/a?b=c&d=e"))));
    assertEquals(h, JobHandle.decode(h.encode()));
  }
}
