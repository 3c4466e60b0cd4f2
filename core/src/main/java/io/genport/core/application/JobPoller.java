package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a part from the vendor's acceptance of its submit to the job's end: registers the job with
 * the call, polls it (a failed or unanswered poll is repeated, never the submit) until it ends, the
 * deadline passes or the call ends, and hands its images or its failure to the call. One instance
 * per call; each job is polled by the worker thread of its part.
 */
final class JobPoller {
  private static final Logger LOG = LoggerFactory.getLogger(JobPoller.class);

  /** The most status polls of one job left unanswered at a time. */
  static final int MAX_POLLS_IN_FLIGHT = 3;

  private final RoutedCall call;

  JobPoller(RoutedCall call) {
    this.call = call;
  }

  /**
   * Registers the job that {@code leg}'s submit created; returns {@code null} when the call had
   * ended (the job is then cancelled at once).
   */
  AcceptedJob accept(PendingPart u, SubmitLeg leg, VendorJob job) {
    TargetState ts = leg.state;
    ts.accepted.increment();
    ts.breaker.onSuccess(leg.permit);
    List<Adaptation> adaptations = new ArrayList<>(u.inherited);
    adaptations.addAll(leg.adaptations);
    // Field order, as the negotiator reports them; the sort is stable within a field.
    adaptations.sort(Comparator.comparing(Adaptation::field));
    AcceptedJob accepted =
        new AcceptedJob(
            u.part,
            leg.rt,
            ts,
            new CallPart(u.part, leg.call.part().count(), leg.call.part().seed(), u.firstImage),
            leg.call.expectedSize(),
            leg.call.expectedFormat(),
            job,
            adaptations,
            leg.seq,
            leg.t0,
            leg.hedge,
            leg.possibleDuplicate);
    switch (call.ledger.register(accepted)) {
      case LATE:
        call.ledger.jobEnded(
            accepted, Attempt.Outcome.CANCELLED, null, null, "accepted after the call had ended");
        if (job.finished() == null) {
          ts.orphansCancelled.increment();
          call.cancelAtVendor(accepted);
        }
        return null;
      case ALL_ACCEPTED:
        call.allAccepted();
        return accepted;
      case REGISTERED:
      default:
        return accepted;
    }
  }

  /**
   * Polls {@code j} until it ends, the deadline passes or the call ends. A poll left unanswered for
   * {@code pollTimeout} is asked again, but not given up: whichever of the polls in flight (at most
   * {@link #MAX_POLLS_IN_FLIGHT}) answers first is used. On a busy machine a status answer that
   * also downloads the images can take longer than the timeout every time; a poller that dropped
   * each slow answer to start the same work again would never see one.
   */
  void poll(AcceptedJob j) throws InterruptedException {
    if (j == null) {
      return;
    }
    JobStatus status = j.job.finished();
    List<CompletableFuture<JobStatus>> inFlight = new ArrayList<>();
    while (status == null || !status.terminal()) {
      if (call.ended()) {
        return;
      }
      Duration remaining = call.remaining();
      if (remaining.isNegative() || remaining.isZero()) {
        String msg =
            "deadline of "
                + call.settings.deadline()
                + " passed while "
                + j.rt.target()
                + " job "
                + j.job.id()
                + " was still running; resume it with the job handle";
        call.ledger.jobEnded(
            j, Attempt.Outcome.FAILED, FailureClass.RETRYABLE, FailureKind.AFTER_ACCEPTANCE, msg);
        call.endDeadline(msg);
        return;
      }
      Duration wait = j.rt.provider().pollInterval(j.job);
      if (wait == null || wait.isNegative()) {
        wait = Duration.ZERO;
      }
      call.engine.sleeper.sleep(wait.compareTo(remaining) < 0 ? wait : remaining);
      if (call.ended()) {
        return;
      }
      CompletableFuture<JobStatus> f = firstDone(inFlight);
      if (f == null) {
        if (inFlight.size() < MAX_POLLS_IN_FLIGHT) {
          CompletableFuture<JobStatus> asked = VendorCalls.poll(j.rt, j.job);
          if (asked != null) {
            inFlight.add(asked);
          }
        }
        if (inFlight.isEmpty()) {
          continue;
        }
        remaining = call.remaining();
        Duration timeout = call.settings.pollTimeout();
        CompletableFuture<?>[] waits = inFlight.toArray(new CompletableFuture<?>[0]);
        call.engine.sleeper.awaitCompletion(
            CompletableFuture.anyOf(CompletableFuture.anyOf(waits), call.result),
            remaining.compareTo(timeout) < 0 ? remaining : timeout);
        f = firstDone(inFlight);
        if (f == null) {
          if (!call.ended() && !call.pastDeadline()) {
            // A hung status call must not hold the part until the deadline: ask again.
            j.state.pollFailures.increment();
            LOG.debug(
                "status poll of {} job {} unanswered after {}, polling again",
                j.rt.target(),
                j.job.id(),
                timeout);
          }
          continue;
        }
      }
      inFlight.remove(f);
      GenerationException err =
          f.isCompletedExceptionally() ? VendorCalls.failureOf(f, j.rt) : null;
      if (err != null) {
        if (err.failureClass() == FailureClass.RETRYABLE) {
          // Status calls are idempotent: keep polling the same job, never resubmit.
          j.state.pollFailures.increment();
          LOG.debug(
              "status poll of {} job {} failed, polling again: {}",
              j.rt.target(),
              j.job.id(),
              err.getMessage());
          continue;
        }
        failed(j, err);
        return;
      }
      JobStatus next = f.join();
      if (next == null) {
        continue;
      }
      // Older polls still in flight answer for a status this one has overtaken.
      inFlight.clear();
      status = next;
      if (status instanceof JobStatus.Queued q) {
        call.emit(new ProgressEvent.Queued(j.rt.target(), j.part, q.position()));
      } else if (status instanceof JobStatus.Running r) {
        call.emit(new ProgressEvent.Running(j.rt.target(), j.part, r.logs()));
      }
    }
    if (status instanceof JobStatus.Succeeded s) {
      call.ledger.jobEnded(j, Attempt.Outcome.SUCCEEDED, null, null, null);
      succeeded(j, s);
    } else if (status instanceof JobStatus.Failed failed) {
      GenerationException err = failed.error();
      if (err.failureClass() == FailureClass.RETRYABLE) {
        j.state.breaker.onJobFailure();
      }
      failed(j, err);
    } else {
      call.ledger.jobEnded(j, Attempt.Outcome.CANCELLED, null, null, "cancelled at the vendor");
      call.ledger.cancelledAtVendor(j);
      call.result.cancel(false);
    }
  }

  /** The first of {@code polls} that has answered, or {@code null}. */
  private static CompletableFuture<JobStatus> firstDone(List<CompletableFuture<JobStatus>> polls) {
    for (CompletableFuture<JobStatus> p : polls) {
      if (p.isDone()) {
        return p;
      }
    }
    return null;
  }

  private void failed(AcceptedJob j, GenerationException err) {
    call.ledger.jobFailed(j, err, FailureKind.classify(err, true));
    call.fail(err);
  }

  private void succeeded(AcceptedJob j, JobStatus.Succeeded s) {
    j.delivered = deliveredDifferences(j.expectedSize, j.expectedFormat, s.images());
    call.emit(new ProgressEvent.Completed(j.rt.target(), j.part, s.images().size()));
    GenerationResult r = call.ledger.succeeded(j, s);
    if (r != null) {
      call.complete(r);
    }
  }

  /**
   * The one place a delivered image is compared with its plan: the first image whose size differs
   * from the planned size, and the first whose encoding (read from its bytes) differs from the
   * planned format, each reported as an adaptation the vendor made. Either check is skipped when
   * the plan does not know the value.
   */
  static List<Adaptation> deliveredDifferences(
      PixelSize expectedSize, ImageFormat expectedFormat, List<GeneratedImage> images) {
    Adaptation size = null;
    Adaptation format = null;
    for (GeneratedImage img : images) {
      if (size == null
          && expectedSize != null
          && img.size() != null
          && !expectedSize.equals(img.size())) {
        size =
            new Adaptation(
                RequestField.SIZE,
                expectedSize.toString(),
                img.size().toString(),
                "the vendor returned a different size than planned");
      }
      ImageFormat delivered = expectedFormat == null ? null : img.format();
      if (format == null && delivered != null && delivered != expectedFormat) {
        format =
            new Adaptation(
                RequestField.FORMAT,
                expectedFormat.name(),
                delivered.name(),
                "the vendor returned a different format than planned");
      }
    }
    List<Adaptation> out = new ArrayList<>(2);
    if (size != null) {
      out.add(size);
    }
    if (format != null) {
      out.add(format);
    }
    return List.copyOf(out);
  }
}
