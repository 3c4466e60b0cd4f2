package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.FleetState;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.JobClaim;
import io.genport.core.port.JobRecord;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * One row's view of its route: a submit that first asks the fleet registry whether the row already
 * has a job, so that of every attempt at the row (a task run again after a failure or a lost
 * executor, a speculative copy running beside the original) exactly one submits and the others
 * resume its job.
 *
 * <p>On {@link #submit}: when the registry holds a vendor's job for the row's key, that job is
 * resumed, never submitted again. When another attempt holds the claim and its lease still runs,
 * this one waits for that attempt's job to be recorded (or for its claim to be released: its submit
 * failed with nothing accepted). When the lease ran out with no job recorded, the claimant stopped
 * while its submit was in flight: the vendor may hold a job nobody recorded, so the row is
 * ambiguous and is not sent again unless the batch allows it. Otherwise this attempt claims the
 * key, submits, and records the accepted job's handle before returning, so before the batch engine
 * waits on it.
 */
final class ClaimedGeneration implements ImageGeneration {
  private final ImageGeneration route;
  private final FleetState fleet;
  private final String key;
  private final String owner;
  private final Duration lease;
  private final boolean resubmitAmbiguous;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration poll;
  private final Runnable resumed;

  /**
   * @param route what serves the row (shared by the rows of one route)
   * @param fleet the registry
   * @param key the row's idempotency key
   * @param owner this attempt's name
   * @param lease how long a claim stays exclusive without a job
   * @param resubmitAmbiguous whether a row whose claimant stopped mid-submit is submitted again
   * @param clock the time the leases are judged by
   * @param sleeper how to wait between looks at another attempt's claim
   * @param poll how long between those looks
   * @param resumed told when the row is served by resuming a recorded job
   */
  ClaimedGeneration(
      ImageGeneration route,
      FleetState fleet,
      String key,
      String owner,
      Duration lease,
      boolean resubmitAmbiguous,
      Clock clock,
      Sleeper sleeper,
      Duration poll,
      Runnable resumed) {
    this.route = requireNonNull(route, "route is null");
    this.fleet = requireNonNull(fleet, "fleet is null");
    this.key = JobRecord.checkKey(key);
    this.owner = requireNonNull(owner, "owner is null");
    this.lease = requireNonNull(lease, "lease is null");
    this.resubmitAmbiguous = resubmitAmbiguous;
    this.clock = requireNonNull(clock, "clock is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.poll = requireNonNull(poll, "poll is null");
    this.resumed = requireNonNull(resumed, "resumed is null");
  }

  @Override
  public GenerationJob submit(GenerationRequest request, ProgressListener listener) {
    JobRecord seen = fleet.job(key).orElse(null);
    while (true) {
      if (seen != null) {
        if (seen.vendorHoldsJob()) {
          resumed.run();
          return route.resume(seen.handle(), listener);
        }
        if (seen.status() == JobRecord.Status.CLAIMED && !seen.owner().equals(owner)) {
          if (clock.instant().isBefore(seen.leaseUntil())) {
            // Another attempt is submitting this row right now (or the registry cannot say who
            // holds it): wait for its job.
            pause();
            seen = fleet.job(key).orElse(null);
            continue;
          }
          if (!resubmitAmbiguous) {
            throw new RetryableProviderException(
                "another attempt at this row ("
                    + seen.owner()
                    + ") stopped while its submit was in flight, before a job id was recorded",
                null,
                true,
                null);
          }
        }
      }
      JobClaim claim = fleet.claimJob(key, owner, lease);
      if (claim.granted()) {
        return submitClaimed(claim.record(), request, listener);
      }
      // Another attempt holds it: its record, as the registry decided, says what to do.
      seen = claim.record();
    }
  }

  private GenerationJob submitClaimed(
      JobRecord claimed, GenerationRequest request, ProgressListener listener) {
    GenerationJob job;
    try {
      job = route.submit(request, listener);
    } catch (RetryableProviderException e) {
      if (!e.ambiguous()) {
        release(claimed);
      }
      // Ambiguous: the claim stays, and runs out, so later attempts report the row ambiguous.
      throw e;
    } catch (GenerationException e) {
      release(claimed);
      throw e;
    }
    // Recorded before the engine waits on the job: from here on every attempt resumes it.
    fleet.recordJob(claimed.with(JobRecord.Status.ACCEPTED, job.handle(), null, clock.instant()));
    return job;
  }

  /** The submit failed with nothing accepted: another attempt may claim the row and try. */
  private void release(JobRecord claimed) {
    fleet.recordJob(claimed.with(JobRecord.Status.FAILED, null, null, clock.instant()));
  }

  private void pause() {
    try {
      sleeper.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException(
          "stopped while waiting for another attempt's submit of the same row");
    }
  }

  @Override
  public GenerationJob resume(String handle, ProgressListener listener) {
    return route.resume(handle, listener);
  }

  @Override
  public void cancel(GenerationJob job) {
    route.cancel(job);
  }

  @Override
  public String toString() {
    return "ClaimedGeneration[" + key + "]";
  }
}
