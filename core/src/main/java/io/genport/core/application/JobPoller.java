package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.JobStatus;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
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
 * per call. Polls start early and back off ({@link PollSchedule}); a vendor's push channel, when
 * the provider has one, ends the wait at once. Between polls a job holds no thread.
 */
final class JobPoller {
  private static final Logger LOG = LoggerFactory.getLogger(JobPoller.class);

  /** The most status polls of one job left unanswered at a time. */
  static final int MAX_POLLS_IN_FLIGHT = 3;

  /** The steady interval for a provider that names none. */
  private static final Duration DEFAULT_STEADY = Duration.ofSeconds(1);

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
    accepted.acceptedAt = call.engine.clock.instant();
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
   * Watches {@code j} until it ends, the deadline passes or the call ends; returns at once. The
   * waits between polls are scheduled through the sleeper ({@link
   * io.genport.core.port.Sleeper#delay}), so a job between two polls holds no thread: each step
   * runs on the engine's executor when its wait is over. With a sleeper that only blocks (a test's
   * fake clock), the whole loop runs on the calling thread, as before.
   */
  void poll(AcceptedJob j) {
    if (j != null) {
      new Watch(j).run();
    }
  }

  /**
   * One accepted job's wait: a loop of steps, each of which either ends the watch or names the
   * future it waits on. A future already complete (a fake sleeper's) is followed at once on the
   * same thread, in a loop rather than by recursion; one still pending resumes the loop on the
   * executor when it completes.
   */
  private final class Watch {
    private final AcceptedJob j;
    private JobStatus status;
    private int polls;
    private Phase phase = Phase.WAIT;

    /** Polls asked and not yet answered; at most {@link #MAX_POLLS_IN_FLIGHT}. */
    private final List<CompletableFuture<JobStatus>> inFlight = new ArrayList<>();

    /** When each poll in {@link #inFlight} was sent, in the same order. */
    private final List<Instant> sentAt = new ArrayList<>();

    /**
     * When the latest poll that found the job still running was sent (the acceptance before one
     * did): the job's end came after it. {@code null} for a resumed job, whose acceptance is not
     * known; its end is not learned from.
     */
    private Instant runningAt;

    /** When the push channel said the job ended, or {@code null}. */
    private Instant signalledAt;

    private CompletableFuture<Void> endSignal;
    private Duration hint;

    Watch(AcceptedJob j) {
      this.j = j;
      this.runningAt = j.acceptedAt;
      this.status = j.job.finished();
      if (status == null || !status.terminal()) {
        try {
          endSignal = j.rt.provider().endSignal(j.job).orElse(null);
        } catch (RuntimeException e) {
          LOG.debug("{} could not open an end signal for job {}: {}", j.rt.target(), j.job.id(), e);
        }
      }
    }

    void run() {
      try {
        CompletableFuture<?> pending;
        while ((pending = step()) != null) {
          if (!pending.isDone()) {
            pending.whenComplete((v, e) -> resume());
            return;
          }
          if (interrupted(pending)) {
            // A blocking sleeper was interrupted: the host is shutting the call down.
            closeSignal();
            call.result.cancel(false);
            return;
          }
        }
        closeSignal();
      } catch (GenerationException e) {
        closeSignal();
        call.fail(e);
      } catch (RuntimeException e) {
        closeSignal();
        LOG.warn("polling a job failed unexpectedly", e);
        call.fail(NonRetryableProviderException.causedBy("the call failed unexpectedly: " + e, e));
      }
    }

    private boolean interrupted(CompletableFuture<?> f) {
      if (!f.isCompletedExceptionally()) {
        return false;
      }
      try {
        f.join();
        return false;
      } catch (java.util.concurrent.CompletionException e) {
        return e.getCause() instanceof InterruptedException;
      } catch (java.util.concurrent.CancellationException e) {
        return false;
      }
    }

    private void resume() {
      try {
        call.execute(this::run);
      } catch (RuntimeException e) {
        closeSignal();
        call.fail(RetryableProviderException.notReceived("could not schedule a poll: " + e, e));
      }
    }

    private void closeSignal() {
      if (endSignal != null) {
        endSignal.cancel(false);
      }
    }

    /**
     * Whether the call has ended. Its result counts too: a cancel completes it before the call's
     * own handler has ended the call, and a watch woken by that must not poll any more.
     */
    private boolean over() {
      return call.ended() || call.result.isDone();
    }

    /** Does the next step; returns what it waits on, or {@code null} when the watch is over. */
    private CompletableFuture<?> step() {
      switch (phase) {
        case WAIT:
          return beforePoll();
        case POLL:
          return sendPoll();
        case ANSWER:
        default:
          return answered();
      }
    }

    /** Checks the end, the call and the deadline, then schedules the next poll. */
    private CompletableFuture<?> beforePoll() {
      if (status != null && status.terminal()) {
        ended(status);
        return null;
      }
      if (over()) {
        return null;
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
        return null;
      }
      if (endSignal != null && endSignal.isDone()) {
        boolean said = !endSignal.isCompletedExceptionally();
        endSignal = null;
        if (said) {
          signalledAt = call.engine.clock.instant();
          // The vendor said the job ended: ask for its outcome now.
          phase = Phase.POLL;
          return CompletableFuture.completedFuture(null);
        }
      }
      Duration wait = nextWait();
      phase = Phase.POLL;
      CompletableFuture<Void> timer =
          call.engine.sleeper.delay(wait.compareTo(remaining) < 0 ? wait : remaining);
      if (timer.isDone()) {
        return timer;
      }
      return endSignal == null
          ? CompletableFuture.anyOf(timer, call.result)
          : CompletableFuture.anyOf(timer, call.result, endSignal);
    }

    /** The wait before the next poll: the schedule, the provider's cap, a vendor's Retry-After. */
    private Duration nextWait() {
      Duration steady = j.rt.provider().pollInterval(j.job);
      if (steady == null) {
        steady = DEFAULT_STEADY;
      }
      PollSchedule schedule = call.settings.pollSchedule();
      Duration wait =
          j.acceptedAt == null
              ? schedule.wait(polls, steady)
              : schedule.wait(
                  polls,
                  steady,
                  Duration.between(j.acceptedAt, call.engine.clock.instant()),
                  j.state.ends.window());
      // With a push channel open, the first poll still comes on the schedule (it sees a job that
      // ended before the channel was listening); later ones only as a safety net.
      if (endSignal != null
          && polls > 0
          && wait.compareTo(schedule.whileSignalled()) < 0
          && !steady.isZero()) {
        wait = schedule.whileSignalled();
      }
      if (hint != null && hint.compareTo(wait) > 0) {
        wait = hint;
      }
      hint = null;
      return wait;
    }

    private CompletableFuture<?> sendPoll() {
      if (over()) {
        return null;
      }
      if (call.pastDeadline()) {
        phase = Phase.WAIT;
        return CompletableFuture.completedFuture(null);
      }
      // A poll left unanswered is asked again but not given up: on a busy machine a status answer
      // that also downloads the images can take longer than the timeout every time, and a poller
      // that dropped each slow answer to start the same work again would never see one.
      if (firstDone(inFlight) == null && inFlight.size() < MAX_POLLS_IN_FLIGHT) {
        polls++;
        CompletableFuture<JobStatus> asked = VendorCalls.poll(j.rt, j.job);
        if (asked != null) {
          inFlight.add(asked);
          sentAt.add(call.engine.clock.instant());
        }
      }
      if (inFlight.isEmpty()) {
        phase = Phase.WAIT;
        return CompletableFuture.completedFuture(null);
      }
      Duration remaining = call.remaining();
      Duration timeout = call.settings.pollTimeout();
      phase = Phase.ANSWER;
      return call.engine.sleeper.within(
          CompletableFuture.anyOf(
              CompletableFuture.anyOf(inFlight.toArray(new CompletableFuture<?>[0])), call.result),
          remaining.compareTo(timeout) < 0 ? remaining : timeout);
    }

    private CompletableFuture<?> answered() {
      CompletableFuture<JobStatus> f = firstDone(inFlight);
      phase = Phase.WAIT;
      CompletableFuture<Void> next = CompletableFuture.completedFuture(null);
      if (f == null) {
        if (!call.ended() && !call.pastDeadline()) {
          // A hung status call must not hold the part until the deadline: ask again.
          j.state.pollFailures.increment();
          LOG.debug(
              "status poll of {} job {} unanswered after {}, polling again",
              j.rt.target(),
              j.job.id(),
              call.settings.pollTimeout());
        }
        return next;
      }
      Instant askedAt = sentAt.remove(inFlight.indexOf(f));
      inFlight.remove(f);
      GenerationException err =
          f.isCompletedExceptionally() ? VendorCalls.failureOf(f, j.rt) : null;
      if (err != null) {
        if (err.failureClass() == FailureClass.RETRYABLE) {
          // Status calls are idempotent: keep polling the same job, never resubmit.
          j.state.pollFailures.increment();
          if (err instanceof RetryableProviderException r && r.retryAfter() != null) {
            hint = r.retryAfter();
          }
          LOG.debug(
              "status poll of {} job {} failed, polling again: {}",
              j.rt.target(),
              j.job.id(),
              err.getMessage());
          return next;
        }
        failed(j, err);
        return null;
      }
      JobStatus s = f.join();
      if (s == null) {
        return next;
      }
      // Older polls still in flight answer for a status this one has overtaken.
      inFlight.clear();
      sentAt.clear();
      status = s;
      if (!s.terminal()) {
        // A provider with news to hand over (a zero interval) saw the end in this very answer and
        // hands its last logs first: the job was not running any more when this poll was sent.
        if (runningAt != null && askedAt.isAfter(runningAt) && !hasNews()) {
          runningAt = askedAt;
        }
      } else if (s instanceof JobStatus.Succeeded) {
        learnEnd(askedAt);
      }
      if (status instanceof JobStatus.Queued q) {
        call.emit(new ProgressEvent.Queued(j.rt.target(), j.part, q.position()));
      } else if (status instanceof JobStatus.Running r) {
        call.emit(new ProgressEvent.Running(j.rt.target(), j.part, r.logs()));
      }
      return next;
    }

    /** Whether the provider asks to be polled at once (it holds the job's end). */
    private boolean hasNews() {
      Duration steady = j.rt.provider().pollInterval(j.job);
      return steady != null && (steady.isZero() || steady.isNegative());
    }

    /**
     * Tells the target's history when this job ended, from the acceptance: the moment the push
     * channel said so, or else the midpoint between the last poll that found it running and the
     * poll (sent at {@code seenAt}) that found it done. Only successes are learned from: the window
     * is there to fetch results soon, and failures end at other times (a refusal often at once).
     */
    private void learnEnd(Instant seenAt) {
      if (runningAt == null) {
        return;
      }
      Instant end;
      if (signalledAt != null && !signalledAt.isBefore(runningAt)) {
        end = signalledAt.isAfter(seenAt) ? seenAt : signalledAt;
      } else {
        end = runningAt.plus(Duration.between(runningAt, seenAt).dividedBy(2));
      }
      j.state.ends.record(Duration.between(j.acceptedAt, end));
    }

    private void ended(JobStatus s) {
      if (s instanceof JobStatus.Succeeded ok) {
        call.ledger.jobEnded(j, Attempt.Outcome.SUCCEEDED, null, null, null);
        succeeded(j, ok);
      } else if (s instanceof JobStatus.Failed failed) {
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
  }

  /** Where a watch is: waiting to poll, about to poll, or reading a poll's answer. */
  private enum Phase {
    WAIT,
    POLL,
    ANSWER
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
    j.delivered = DeliveredDifferences.of(j.expectedSize, j.expectedFormat, s.images());
    call.emit(new ProgressEvent.Completed(j.rt.target(), j.part, s.images().size()));
    GenerationResult r = call.ledger.succeeded(j, s);
    if (r != null) {
      call.complete(r);
    }
  }
}
