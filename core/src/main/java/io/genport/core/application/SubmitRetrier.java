package io.genport.core.application;

import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Submits a part to one target until a decision: accepted, the call ends, or the part moves on. It
 * owns the retry rules of one target: whether the circuit lets a submit through, and whether a
 * failure is retried there, after what wait, on which token of the target's retry budget.
 *
 * <p>A failure before acceptance is retried after a full-jitter backoff (at least the vendor's
 * Retry-After, up to a cap) while attempts, the deadline and a token allow. A failure that shows
 * the target cannot serve ({@link io.genport.core.domain.FailureKind#TARGET_UNAVAILABLE}: no
 * credential, 401/403, no credits, unknown model, a refused plan) is never retried: the part moves
 * on at once.
 *
 * <p>A token is spent only on a retry that is sent: one taken for a retry that the circuit, the
 * deadline or the end of the call then stops goes back to the bucket, so moving on to another
 * target costs the target left behind nothing. While a later target of the route can still take the
 * part, a retry may not take the bucket below half: that reserve is kept for the round {@link
 * Round#AGAIN}, when every target has been tried and a retry is the part's only chance.
 */
final class SubmitRetrier {
  private final RoutedCall call;
  private final HedgeRace race;

  SubmitRetrier(RoutedCall call, HedgeRace race) {
    this.call = call;
    this.race = race;
  }

  /** Which round of its route a part is in. */
  enum Round {
    /** The first pass along the route. */
    FIRST,
    /** The last resort: a target passed over only because its circuit was open. */
    LAST_RESORT,
    /**
     * Every target has been tried: one more submit to a target the retry budget kept the part from
     * retrying, on a token of its reserve.
     */
    AGAIN
  }

  /**
   * Why a failed submit is not retried on its target, or the wait before it is; {@code budget} when
   * the retry budget refused.
   */
  private record RetryDecision(Duration delay, String refusal, boolean budget) {
    static RetryDecision refused(String why) {
      return new RetryDecision(null, why, false);
    }
  }

  /**
   * Submits {@code u} to the target at {@code pos} with retries (and maybe a hedge).
   *
   * @param round {@link Round#LAST_RESORT}: send the first submit even when the target's circuit is
   *     open, since no other target of the route can take the part; such a submit is not retried
   *     while the circuit stays open, and its outcome does not move the circuit. {@link
   *     Round#AGAIN}: the part's submits on the target go on, within its attempts, on a token taken
   *     before sending (none: the part moves on)
   */
  CompletableFuture<TargetOutcome> submit(PendingPart u, int pos, TargetPlan plan, Round round) {
    return new Attempts(u, pos, plan, round).start();
  }

  /**
   * The submits of one part to one target: a step per submit, each waiting for the race of its
   * answer and then for the backoff before the next. Steps run one at a time.
   */
  private final class Attempts {
    private final PendingPart u;
    private final int pos;
    private final TargetPlan plan;
    private final Round round;
    private final RouteTarget rt;
    private final TargetState ts;
    private final boolean keepReserve;
    private int tries;
    private boolean tokenHeld;
    private GenerationException lastError;

    Attempts(PendingPart u, int pos, TargetPlan plan, Round round) {
      this.u = u;
      this.pos = pos;
      this.plan = plan;
      this.round = round;
      this.rt = call.order.get(pos);
      this.ts = call.engine.state(rt);
      this.tries = u.submitsAt.getOrDefault(pos, 0);
      this.keepReserve = round == Round.FIRST && pos < call.order.size() - 1;
    }

    CompletableFuture<TargetOutcome> start() {
      if (round == Round.AGAIN) {
        if (tries >= call.settings.retry().maxAttempts()) {
          return done(TargetOutcome.failover(pos + 1, null, "no attempts left on " + rt.target()));
        }
        if (!ts.budget.tryWithdraw(false)) {
          return done(
              TargetOutcome.failover(
                  pos + 1, null, "the retry budget of " + rt.target() + " is spent"));
        }
        tokenHeld = true;
      }
      return attempt();
    }

    /** Sends the next submit, unless the call, the deadline or the circuit stops it. */
    private CompletableFuture<TargetOutcome> attempt() {
      if (call.over()) {
        giveBack(ts, tokenHeld);
        return done(TargetOutcome.STOP);
      }
      if (call.pastDeadline()) {
        giveBack(ts, tokenHeld);
        call.endDeadline(
            "the deadline of "
                + call.settings.deadline()
                + " passed before "
                + call.partName(u)
                + " was accepted by any target");
        return done(TargetOutcome.STOP);
      }
      CircuitBreaker.Permit permit = ts.breaker.tryAcquire();
      if (permit == null && round == Round.LAST_RESORT && tries == 0) {
        permit = ts.breaker.bypass();
        ts.openCircuitSubmits.increment();
      }
      if (permit == null) {
        giveBack(ts, tokenHeld);
        Instant reopen = ts.breaker.openUntil();
        String why = "circuit open" + (reopen == null ? " (probes in flight)" : " until " + reopen);
        ts.circuitRejections.increment();
        call.ledger.skipped(u.part, rt.target(), FailureClass.RETRYABLE, why);
        return done(TargetOutcome.circuitOpen(pos + 1, lastError, why));
      }
      tokenHeld = false;
      tries++;
      u.submitsAt.put(pos, tries);
      if (tries == 1) {
        ts.budget.deposit();
        ts.firstSubmits.increment();
      } else {
        ts.retries.increment();
      }
      if (u.duplicateNotice != null) {
        call.emit(new ProgressEvent.PossibleDuplicate(rt.target(), u.part, u.duplicateNotice));
        u.duplicateNotice = null;
      }
      CircuitBreaker.Permit sent = permit;
      CompletableFuture<SubmitLeg> leg = race.send(u, pos, plan, permit, false);
      return call.after(
          leg,
          () -> {
            CompletableFuture<RaceOutcome> r = race.run(u, leg.join());
            return call.after(r, () -> answered(r.join(), sent));
          });
    }

    /** Decides on the race's outcome: done, or a backoff and the next attempt. */
    private CompletableFuture<TargetOutcome> answered(RaceOutcome r, CircuitBreaker.Permit permit) {
      if (r.stopped()) {
        return done(TargetOutcome.STOP);
      }
      if (r.leg() != null) {
        return done(TargetOutcome.accepted(r.leg(), r.job()));
      }
      GenerationException e = r.error();
      lastError = e;
      int next = r.lastPos() + 1;
      switch (r.kind()) {
        case CONTENT_REJECTED:
          return done(
              call.settings.failoverOnContentRejection()
                  ? TargetOutcome.failover(next, e, "content rejected: " + e.getMessage())
                  : TargetOutcome.end(e));
        case NOT_SENT:
          return done(TargetOutcome.failover(next, e, e.getMessage()));
        case TARGET_UNAVAILABLE:
          // Retrying cannot help (the same credential, account and model answer the same way) and
          // nothing was created at the vendor, so the next target gets the part at once.
          return done(
              TargetOutcome.failover(
                  next,
                  e,
                  "the target cannot serve ("
                      + FailureReason.of(e).description()
                      + "): "
                      + e.getMessage()));
        case AMBIGUOUS:
          if (!call.settings.resubmitAmbiguous()) {
            return done(TargetOutcome.end(e));
          }
          u.possibleDuplicate = true;
          u.duplicateNotice = e.getMessage();
          break;
        case BEFORE_ACCEPTANCE:
          break;
        case CALLER_ERROR:
        case AFTER_ACCEPTANCE:
        default:
          return done(TargetOutcome.end(e));
      }
      if (r.hedged()) {
        return done(TargetOutcome.failover(next, e, e.getMessage() + "; the hedge failed too"));
      }
      RetryDecision d = decide(ts, tries, e, permit.bypassed(), keepReserve);
      if (d.refusal() != null) {
        if (d.budget() && round == Round.FIRST) {
          u.budgetLimited.add(pos);
        }
        return done(TargetOutcome.failover(next, e, e.getMessage() + "; " + d.refusal()));
      }
      tokenHeld = true;
      call.emit(
          new ProgressEvent.RetryScheduled(
              rt.target(), u.part, tries + 1, d.delay(), e.getMessage()));
      // The backoff is a timer, not a sleeping thread; a cancel of the call ends it early.
      CompletableFuture<Void> backoff = call.engine.sleeper.delay(d.delay());
      CompletableFuture<?> wait =
          backoff.isDone() ? backoff : CompletableFuture.anyOf(backoff, call.result);
      return call.after(
          wait,
          () -> {
            if (backoff.isDone()) {
              backoff.join(); // an interrupted blocking sleeper ends the part
            }
            return attempt();
          });
    }
  }

  private static CompletableFuture<TargetOutcome> done(TargetOutcome o) {
    return CompletableFuture.completedFuture(o);
  }

  /**
   * Whether to retry after the {@code tries}-th submit failed with {@code e}; takes the retry's
   * token from the budget when it is, keeping the bucket's reserve when {@code keepReserve}.
   */
  private RetryDecision decide(
      TargetState ts, int tries, GenerationException e, boolean bypassed, boolean keepReserve) {
    RetryPolicy policy = call.settings.retry();
    Duration retryAfter = e instanceof RetryableProviderException r ? r.retryAfter() : null;
    if (tries >= policy.maxAttempts()) {
      return RetryDecision.refused(
          policy.maxAttempts() == 1
              ? "retries are off"
              : "no attempts left on this target (" + tries + " made)");
    }
    if (bypassed) {
      return RetryDecision.refused("its circuit is open");
    }
    if (retryAfter != null && retryAfter.compareTo(policy.retryAfterCap()) > 0) {
      return RetryDecision.refused(
          "Retry-After " + retryAfter + " is above the cap of " + policy.retryAfterCap());
    }
    Duration delay = call.engine.backoff(tries);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    if (!call.now().plus(delay).isBefore(call.deadlineAt)) {
      return RetryDecision.refused("waiting " + delay + " would pass the deadline");
    }
    if (!ts.budget.tryWithdraw(keepReserve)) {
      return new RetryDecision(
          null,
          keepReserve
              ? "the retry budget of "
                  + ts.target.target()
                  + " is down to its reserve for parts with no other target"
              : "the retry budget of " + ts.target.target() + " is spent",
          true);
    }
    return new RetryDecision(delay, null, false);
  }

  /** A token taken for a retry that is not sent after all goes back. */
  private static void giveBack(TargetState ts, boolean tokenHeld) {
    if (tokenHeld) {
      ts.budget.refund();
    }
  }
}
