package io.genport.core.application;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.FleetLimitException;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.port.VendorJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a part's billable submits and waits for their answers: the submit of one try and, when
 * hedging is on and it stays unanswered, one hedge to a later target; the first accepted wins and
 * the others are abandoned (a job they create later is cancelled). It also reports each submit's
 * outcome to its target's circuit breaker and counters.
 */
final class HedgeRace {
  private static final Logger LOG = LoggerFactory.getLogger(HedgeRace.class);

  private final RoutedCall call;
  private final UnitRouter router;

  HedgeRace(RoutedCall call, UnitRouter router) {
    this.call = call;
    this.router = router;
  }

  /**
   * Sends the billable submit of {@code plan} to the target at {@code pos}. The future completes
   * with the leg once the submit is sent (after the fleet's rate token, if it has to wait for one)
   * or refused; the leg's {@link SubmitLeg#start} holds the vendor's answer.
   */
  CompletableFuture<SubmitLeg> send(
      PendingPart u, int pos, TargetPlan plan, CircuitBreaker.Permit permit, boolean hedge) {
    RouteTarget rt = call.order.get(pos);
    TargetState ts = call.engine.state(rt);
    SubmitLeg leg =
        new SubmitLeg(u, rt, ts, pos, plan, permit, hedge, call.ledger.nextSeq(), call.now());
    ts.submits.increment();
    if (leg.possibleDuplicate) {
      ts.possibleDuplicates.increment();
    }
    call.emit(new ProgressEvent.AttemptStarted(rt.target(), u.part));
    CompletableFuture<FleetLimitException> token = call.engine.fleet.rateToken(call, rt);
    return call.after(
        token,
        () -> {
          FleetLimitException refused = token.join();
          leg.start =
              refused != null
                  ? CompletableFuture.failedFuture(refused)
                  : call.engine.fleet.start(call, rt, plan.call());
          return CompletableFuture.completedFuture(leg);
        });
  }

  /**
   * Waits for {@code primary}'s submit to be answered, starting a hedge when configured, until one
   * submit is accepted or all have failed, the deadline passes or the call ends. Returns at the
   * first wait; no thread waits for the answers.
   */
  CompletableFuture<RaceOutcome> run(PendingPart u, SubmitLeg primary) {
    return new Race(u, primary).next();
  }

  /** One race: a step per wait for an answer (or the hedge's time). Steps run one at a time. */
  private final class Race {
    private final PendingPart u;
    private final SubmitLeg primary;
    private final List<SubmitLeg> live = new ArrayList<>();
    private boolean hedged;
    private int lastPos;
    private Instant hedgeAt;
    private GenerationException ambiguous;
    private GenerationException last;
    private FailureKind lastKind;

    Race(PendingPart u, SubmitLeg primary) {
      this.u = u;
      this.primary = primary;
      live.add(primary);
      lastPos = primary.pos;
      HedgingSettings hedging = call.settings.hedging();
      hedgeAt = hedging.enabled() && !u.hedgeUsed ? primary.t0.plus(hedging.delay()) : null;
    }

    /** Checks the call and the deadline, starts the hedge when it is time, then waits. */
    CompletableFuture<RaceOutcome> next() {
      if (call.over()) {
        abandon(live);
        return CompletableFuture.completedFuture(RaceOutcome.STOP);
      }
      Instant now = call.now();
      if (!now.isBefore(call.deadlineAt)) {
        String msg =
            "the deadline of "
                + call.settings.deadline()
                + " passed while a submit of "
                + call.partName(u)
                + " was unanswered";
        for (SubmitLeg l : live) {
          call.ledger.submitEnded(
              l, Attempt.Outcome.FAILED, FailureClass.RETRYABLE, FailureKind.AMBIGUOUS, msg);
        }
        abandon(live);
        call.endDeadline(msg);
        return CompletableFuture.completedFuture(RaceOutcome.STOP);
      }
      if (hedgeAt != null && !now.isBefore(hedgeAt)) {
        hedgeAt = null;
        u.hedgeUsed = true;
        CompletableFuture<SubmitLeg> hedge = startHedge(u, primary);
        return call.after(
            hedge,
            () -> {
              SubmitLeg h = hedge.join();
              if (h != null) {
                live.add(h);
                hedged = true;
                lastPos = h.pos;
              }
              return await(now);
            });
      }
      return await(now);
    }

    /**
     * Waits until a live submit is answered, the call ends, or the hedge's time or the deadline
     * comes ({@code now} being when this round began), then reads the answers.
     */
    private CompletableFuture<RaceOutcome> await(Instant now) {
      Instant until =
          hedgeAt != null && hedgeAt.isBefore(call.deadlineAt) ? hedgeAt : call.deadlineAt;
      CompletableFuture<?>[] waits = new CompletableFuture<?>[live.size() + 1];
      for (int i = 0; i < live.size(); i++) {
        waits[i] = live.get(i).start;
      }
      waits[live.size()] = call.result;
      CompletableFuture<Boolean> answered =
          call.engine.sleeper.within(
              CompletableFuture.anyOf(waits), java.time.Duration.between(now, until));
      return call.after(
          answered,
          () -> {
            answered.join(); // an interrupted blocking sleeper ends the part
            return read();
          });
    }

    /** Acts on the submits that have answered; waits again while others are still out. */
    private CompletableFuture<RaceOutcome> read() {
      for (Iterator<SubmitLeg> it = live.iterator(); it.hasNext(); ) {
        SubmitLeg l = it.next();
        if (!l.start.isDone()) {
          continue;
        }
        it.remove();
        VendorJob job = l.start.isCompletedExceptionally() ? null : l.start.join();
        GenerationException err = job == null ? VendorCalls.failureOf(l.start, l.rt) : null;
        if (err == null) {
          cancelOthers(live, "lost the hedge race to " + l.rt.target());
          if (ambiguous != null) {
            l.possibleDuplicate = true;
          }
          return CompletableFuture.completedFuture(RaceOutcome.accepted(l, job));
        }
        FailureKind kind = FailureKind.classify(err, false);
        failed(l, err, kind);
        last = err;
        lastKind = kind;
        if (kind == FailureKind.AMBIGUOUS && !call.settings.resubmitAmbiguous()) {
          ambiguous = err;
        }
        if (!live.isEmpty() && endsCall(kind)) {
          cancelOthers(live, "abandoned: " + l.rt.target() + " failed with " + kind);
          return CompletableFuture.completedFuture(RaceOutcome.failed(err, kind, hedged, lastPos));
        }
      }
      if (live.isEmpty()) {
        if (ambiguous != null && !endsCall(lastKind)) {
          return CompletableFuture.completedFuture(
              RaceOutcome.failed(ambiguous, FailureKind.AMBIGUOUS, hedged, lastPos));
        }
        return CompletableFuture.completedFuture(
            RaceOutcome.failed(last, lastKind, hedged, lastPos));
      }
      return next();
    }
  }

  /** Whether a submit failure of {@code kind} ends the whole call. */
  boolean endsCall(FailureKind kind) {
    return kind == FailureKind.CALLER_ERROR
        || kind == FailureKind.AFTER_ACCEPTANCE
        || (kind == FailureKind.CONTENT_REJECTED && !call.settings.failoverOnContentRejection());
  }

  /**
   * Starts a hedge of {@code primary}: the next target after it that plans the part as one call,
   * has budget left and a circuit that lets calls through. The future holds {@code null} when there
   * is none, or the hedge's leg once it is sent.
   */
  private CompletableFuture<SubmitLeg> startHedge(PendingPart u, SubmitLeg primary) {
    for (int p = primary.pos + 1; p < call.order.size(); p++) {
      TargetPlan plan = router.plan(u, p);
      if (plan.refused() || plan.splits()) {
        continue;
      }
      RouteTarget rt = call.order.get(p);
      TargetState ts = call.engine.state(rt);
      if (!ts.budget.tryWithdraw()) {
        LOG.debug("no hedge of {} to {}: its retry budget is spent", call.partName(u), rt.target());
        return CompletableFuture.completedFuture(null);
      }
      CircuitBreaker.Permit permit = ts.breaker.tryAcquire();
      if (permit == null) {
        ts.budget.refund();
        continue;
      }
      ts.hedges.increment();
      call.emit(new ProgressEvent.HedgeStarted(rt.target(), u.part, primary.rt.target()));
      return send(u, p, plan, permit, true);
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Reports a failed submit to its target's breaker and counters, and records its attempt. A target
   * that cannot serve counts against its circuit like a 5xx: every submit to it fails until someone
   * fixes its account or configuration, so the circuit should keep parts away from it.
   */
  private void failed(SubmitLeg l, GenerationException err, FailureKind kind) {
    TargetState ts = l.state;
    if (kind == FailureKind.BEFORE_ACCEPTANCE
        || kind == FailureKind.AMBIGUOUS
        || kind == FailureKind.TARGET_UNAVAILABLE) {
      ts.breaker.onFailure(l.permit);
      ts.submitFailures.increment();
      if (kind == FailureKind.AMBIGUOUS) {
        ts.ambiguousSubmits.increment();
      }
    } else {
      ts.breaker.release(l.permit);
    }
    if (kind == FailureKind.TARGET_UNAVAILABLE) {
      // Operators need to see this without debug logging: the route is running on its fallbacks.
      // Failure messages never carry a credential.
      LOG.warn(
          "{} cannot serve {} ({}); moving on to the next target: {}",
          l.rt.target(),
          call.partName(l.unit),
          FailureReason.of(err).description(),
          err.getMessage());
    }
    call.ledger.submitFailed(l, err, kind);
  }

  private void cancelOthers(List<SubmitLeg> others, String why) {
    for (SubmitLeg other : others) {
      call.ledger.submitEnded(other, Attempt.Outcome.CANCELLED, null, null, why);
    }
    abandon(others);
  }

  /** Gives up submits still unanswered: a job they produce later is cancelled at once. */
  private void abandon(List<SubmitLeg> legs) {
    for (SubmitLeg l : legs) {
      l.state.breaker.release(l.permit);
      l.start.whenComplete(
          (job, e) -> {
            if (job != null && job.finished() == null) {
              LOG.info(
                  "{} accepted job {} after its part was given up; cancelling it",
                  l.rt.target(),
                  job.id());
              l.state.orphansCancelled.increment();
              VendorCalls.cancel(l.rt, l.state, job);
            }
          });
    }
    legs.clear();
  }
}
