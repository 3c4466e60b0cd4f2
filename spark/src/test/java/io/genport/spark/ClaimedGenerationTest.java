package io.genport.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.application.InMemoryFleetState;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.FleetState;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.JobRecord;
import io.genport.core.port.ProgressListener;
import io.genport.simulators.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The claim protocol of one row, without Spark: one attempt submits and records its job before
 * anyone waits on it; every other attempt, before or after, resumes that job.
 */
class ClaimedGenerationTest {
  private static final String KEY = "batch/fox-1/0123456789abcdef01234567";
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(100);

  private final ManualClock clock = new ManualClock();
  private final FleetState fleet = new InMemoryFleetState(clock);
  private final Route route = new Route();
  private final GenerationRequest request = GenerationRequest.builder("a fox").build();

  /** A route that counts submits and resumes and never finishes a job. */
  private static final class Route implements ImageGeneration {
    final AtomicInteger submits = new AtomicInteger();
    final List<String> resumed = new ArrayList<>();
    RuntimeException failure;

    @Override
    public GenerationJob submit(GenerationRequest request, ProgressListener listener) {
      submits.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return new GenerationJob("handle-" + submits.get(), new CompletableFuture<>());
    }

    @Override
    public synchronized GenerationJob resume(String handle, ProgressListener listener) {
      resumed.add(handle);
      return new GenerationJob(handle, new CompletableFuture<>());
    }

    @Override
    public void cancel(GenerationJob job) {}
  }

  private ClaimedGeneration attempt(String owner, io.genport.core.port.Sleeper sleeper) {
    return attempt(owner, sleeper, false, new AtomicInteger());
  }

  private ClaimedGeneration attempt(
      String owner, io.genport.core.port.Sleeper sleeper, boolean resubmit, AtomicInteger resumes) {
    return new ClaimedGeneration(
        route, fleet, KEY, owner, LEASE, resubmit, clock, sleeper, POLL, resumes::incrementAndGet);
  }

  private final io.genport.core.port.Sleeper neverWaits =
      d -> {
        throw new AssertionError("waited although nobody else held the row");
      };

  @Test
  void theFirstAttemptSubmitsAndRecordsTheHandleBeforeReturning() {
    GenerationJob job = attempt("task-1", neverWaits).submit(request, ProgressListener.NONE);

    JobRecord r = fleet.job(KEY).orElseThrow();
    assertEquals(JobRecord.Status.ACCEPTED, r.status());
    assertEquals(job.handle(), r.handle());
    assertEquals("task-1", r.owner());
    assertEquals(1, route.submits.get());
  }

  @Test
  void aLaterAttemptResumesTheRecordedJobAndNeverSubmits() {
    attempt("task-1", neverWaits).submit(request, ProgressListener.NONE);
    AtomicInteger resumes = new AtomicInteger();

    GenerationJob again =
        attempt("task-1-retry", neverWaits, false, resumes).submit(request, ProgressListener.NONE);

    assertEquals("handle-1", again.handle());
    assertEquals(List.of("handle-1"), route.resumed);
    assertEquals(1, route.submits.get());
    assertEquals(1, resumes.get(), "the row is reported resumed");
  }

  @Test
  void aCopyThatFindsALiveClaimWaitsForTheClaimantsJobAndResumesIt() {
    fleet.claimJob(KEY, "original", LEASE);
    List<Duration> waits = new ArrayList<>();
    io.genport.core.port.Sleeper whileTheOriginalSubmits =
        d -> {
          waits.add(d);
          clock.advance(d);
          if (waits.size() == 3) {
            // The original's submit returns: it records its job.
            JobRecord claimed = fleet.job(KEY).orElseThrow();
            fleet.recordJob(
                claimed.with(
                    JobRecord.Status.ACCEPTED, "handle-of-original", null, clock.instant()));
          }
        };

    GenerationJob job =
        attempt("copy", whileTheOriginalSubmits).submit(request, ProgressListener.NONE);

    assertEquals("handle-of-original", job.handle());
    assertEquals(List.of(POLL, POLL, POLL), waits);
    assertEquals(0, route.submits.get(), "the copy submitted nothing");
  }

  @Test
  void aClaimWhoseHolderStoppedMidSubmitMakesTheRowAmbiguousAndNothingIsSent() {
    fleet.claimJob(KEY, "stopped-task", LEASE);
    io.genport.core.port.Sleeper leaseRunsOut = clock::advance;

    RetryableProviderException e =
        assertThrows(
            RetryableProviderException.class,
            () -> attempt("retry", leaseRunsOut).submit(request, ProgressListener.NONE));

    assertTrue(e.ambiguous());
    assertTrue(e.getMessage().contains("stopped-task"), e.getMessage());
    assertEquals(0, route.submits.get());
  }

  @Test
  void withAmbiguousResubmitsAllowedTheStoppedClaimIsTakenOverAndSubmitted() {
    fleet.claimJob(KEY, "stopped-task", LEASE);
    clock.advance(LEASE.plusSeconds(1));

    GenerationJob job =
        attempt("retry", neverWaits, true, new AtomicInteger())
            .submit(request, ProgressListener.NONE);

    assertEquals("handle-1", job.handle());
    assertEquals("retry", fleet.job(KEY).orElseThrow().owner());
  }

  @Test
  void aSubmitRefusedWithNothingAcceptedReleasesTheRowForTheNextAttempt() {
    route.failure = new InvalidRequestException("size", "too large");
    assertThrows(
        InvalidRequestException.class,
        () -> attempt("task-1", neverWaits).submit(request, ProgressListener.NONE));
    assertEquals(JobRecord.Status.FAILED, fleet.job(KEY).orElseThrow().status());

    route.failure = null;
    GenerationJob job = attempt("task-1-retry", neverWaits).submit(request, ProgressListener.NONE);

    assertEquals("handle-2", job.handle());
    assertEquals(2, route.submits.get());
  }

  @Test
  void anAmbiguousSubmitKeepsTheClaimSoNoOtherAttemptSendsTheRowAgain() {
    route.failure =
        new RetryableProviderException("reset after the body was sent", null, true, null);
    assertThrows(
        RetryableProviderException.class,
        () -> attempt("task-1", neverWaits).submit(request, ProgressListener.NONE));
    route.failure = null;

    assertThrows(
        RetryableProviderException.class,
        () -> attempt("task-1-retry", clock::advance).submit(request, ProgressListener.NONE));
    assertEquals(1, route.submits.get(), "only the first, ambiguous, submit was sent");
  }
}
