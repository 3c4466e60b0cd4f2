package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.CallPlan;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call in flight: its parts, their attempts on the route's targets, the accepted vendor jobs,
 * and the result. Each part runs on its own worker thread of the engine's executor (blocking
 * between polls and backoffs, through the injected sleeper).
 *
 * <p>A <em>unit</em> is a part still looking for a target: it plans on each target in turn (a
 * target that cannot honour the request is skipped), submits with retries, possibly hedges, and
 * fails over on retryable failures. If a target's plan splits the unit's count into several calls,
 * the unit becomes several units, each routed on its own from that target on. A unit whose submit
 * was accepted becomes a <em>leaf</em>: its job is only polled, never submitted again.
 *
 * <p>Locking: {@code lock} guards the call's shared state (ended, counters, leaves, attempts);
 * everything in a unit or leg belongs to the one thread that runs it.
 */
final class RoutedCall {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedCall.class);

  final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

  /** Completes when every part has been accepted, or the call ended. */
  final CompletableFuture<Void> accepted = new CompletableFuture<>();

  private final RoutingEngine engine;
  private final RouterSettings settings;
  private final List<RouteTarget> order;
  private final ProgressListener listener;
  private final Instant deadlineAt;
  private final AtomicInteger nextPart = new AtomicInteger(1);
  private final AtomicInteger attemptSeq = new AtomicInteger();

  private final Object lock = new Object();
  private volatile boolean ended;
  private int openUnits;
  private int unaccepted;
  private final List<Leaf> leaves = new ArrayList<>();
  private final List<Recorded> attempts = new ArrayList<>();

  RoutedCall(RoutingEngine engine, ProgressListener listener, List<RouteTarget> order) {
    this.engine = engine;
    this.settings = engine.settings;
    this.order = List.copyOf(order);
    this.listener = listener == null ? ProgressListener.NONE : listener;
    this.deadlineAt = engine.clock.instant().plus(settings.deadline());
    result.whenComplete(
        (r, e) -> {
          if (e instanceof CancellationException) {
            onCancelled();
          }
        });
  }

  // ---------------------------------------------------------------- entry points

  void start(GenerationRequest request) {
    Unit top = new Unit(0, request, 0, 0, List.of());
    synchronized (lock) {
      openUnits = 1;
      unaccepted = 1;
    }
    launch(() -> runUnit(top));
  }

  void resume(JobHandle handle, List<RouteTarget> targets) {
    List<Leaf> resumed = new ArrayList<>();
    Instant now = now();
    for (int i = 0; i < handle.parts().size(); i++) {
      JobHandle.Part p = handle.parts().get(i);
      RouteTarget rt = targets.get(i);
      resumed.add(
          new Leaf(
              p.part().index(),
              rt,
              engine.state(rt),
              p.part(),
              p.expectedSize(),
              new VendorJob(rt.target(), p.jobId(), p.attributes()),
              List.of(),
              attemptSeq.getAndIncrement(),
              now,
              false,
              false));
    }
    synchronized (lock) {
      leaves.addAll(resumed);
      openUnits = resumed.size();
      unaccepted = 0;
    }
    accepted.complete(null);
    for (Leaf l : resumed) {
      launch(() -> runLeaf(l));
    }
  }

  /** The resumable handle of the jobs accepted so far, or {@code null} when there are none. */
  String handle() {
    synchronized (lock) {
      return handleLocked();
    }
  }

  // ---------------------------------------------------------------- routing of one unit

  private void runUnit(Unit u) throws InterruptedException {
    GenerationException lastSent = null;
    List<GenerationException> refusals = new ArrayList<>();
    List<String> notSent = new ArrayList<>();
    Instant reopen = null;
    int pos = u.startPos;
    while (pos < order.size()) {
      if (ended) {
        return;
      }
      RouteTarget rt = order.get(pos);
      Planned planned = plan(u, pos);
      if (planned.refusal != null) {
        refusals.add(planned.refusal);
        notSent.add(rt.target() + ": " + planned.refusal.getMessage());
        pos++;
        continue;
      }
      if (planned.call == null) {
        split(u, pos, planned.plan);
        return;
      }
      Step step = runOnTarget(u, pos, planned);
      if (step == Step.STOP) {
        return;
      }
      if (step.leg != null) {
        runLeaf(accept(u, step.leg, step.job));
        return;
      }
      if (step.end) {
        fail(step.error);
        return;
      }
      if (step.error != null) {
        lastSent = step.error;
      }
      if (step.reopenAt != null) {
        notSent.add(rt.target() + ": " + step.reason);
        reopen = reopen == null || step.reopenAt.isBefore(reopen) ? step.reopenAt : reopen;
      }
      engine.state(rt).failovers.increment();
      if (step.next < order.size()) {
        emit(
            new ProgressEvent.FailingOver(
                rt.target(), u.part, order.get(step.next).target(), step.reason));
      }
      pos = step.next;
    }
    fail(exhausted(u, lastSent, refusals, notSent, reopen));
  }

  /** The failure of a unit that ran out of targets. */
  private GenerationException exhausted(
      Unit u,
      GenerationException lastSent,
      List<GenerationException> refusals,
      List<String> notSent,
      Instant reopen) {
    if (lastSent != null) {
      return lastSent;
    }
    String part = u.part == 0 && nextPart.get() == 1 ? "the request" : "part " + u.part;
    if (reopen != null) {
      Duration wait = Duration.between(now(), reopen);
      return new RetryableProviderException(
          "no target can take " + part + " now: " + String.join("; ", notSent),
          wait.isNegative() ? Duration.ZERO : wait,
          false,
          null);
    }
    if (refusals.size() == 1) {
      return refusals.get(0);
    }
    String msg = "no target of the route can serve " + part + ": " + String.join("; ", notSent);
    boolean allInvalid = true;
    Set<RequestField> fields = new java.util.HashSet<>();
    for (GenerationException r : refusals) {
      allInvalid &= r instanceof InvalidRequestException;
      fields.add(r instanceof UnsupportedCapabilityException uc ? uc.field() : null);
    }
    if (allInvalid) {
      return new InvalidRequestException(((InvalidRequestException) refusals.get(0)).field(), msg);
    }
    RequestField common = fields.size() == 1 ? fields.iterator().next() : null;
    return new UnsupportedCapabilityException(common, msg);
  }

  /** Plans unit {@code u} on the target at {@code pos}, once; a refusal is recorded once. */
  private Planned plan(Unit u, int pos) {
    Planned p = u.plans.get(pos);
    if (p != null) {
      return p;
    }
    RouteTarget rt = order.get(pos);
    try {
      CallPlan plan = rt.provider().plan(u.request, rt.target().model());
      if (plan == null || plan.calls().isEmpty()) {
        throw new UnsupportedCapabilityException(null, "the provider planned no call");
      }
      p =
          plan.calls().size() == 1
              ? new Planned(plan, plan.calls().get(0), plan.adaptations(), null)
              : new Planned(plan, null, plan.adaptations(), null);
    } catch (RuntimeException e) {
      GenerationException g =
          e instanceof GenerationException ge
              ? ge
              : new UnsupportedCapabilityException(null, "the provider could not plan: " + e);
      if (!(e instanceof UnsupportedCapabilityException || e instanceof InvalidRequestException)) {
        LOG.warn("{} failed to plan a request; skipping it: {}", rt.target(), e.toString());
      }
      p = new Planned(null, null, List.of(), g);
      engine.state(rt).skipped.increment();
      recordSkip(u, rt, g.failureClass(), g.getMessage());
    }
    u.plans.put(pos, p);
    return p;
  }

  /** Turns unit {@code u} into one unit per call of {@code plan}, each routed on its own. */
  private void split(Unit u, int pos, CallPlan plan) {
    List<Adaptation> countAdaptations = new ArrayList<>(u.inherited);
    List<Adaptation> others = new ArrayList<>();
    for (Adaptation a : plan.adaptations()) {
      (a.field() == RequestField.COUNT ? countAdaptations : others).add(a);
    }
    List<Unit> children = new ArrayList<>();
    for (int i = 0; i < plan.calls().size(); i++) {
      PlannedCall c = plan.calls().get(i);
      int part = i == 0 ? u.part : nextPart.getAndIncrement();
      GenerationRequest sub =
          u.request.toBuilder()
              .count(c.part().count())
              .seed(u.request.seed() == null ? null : c.part().seed())
              .build();
      Unit child = new Unit(part, sub, u.firstImage + c.part().firstImage(), pos, countAdaptations);
      child.plans.put(pos, new Planned(null, c, others, null));
      children.add(child);
    }
    synchronized (lock) {
      if (ended) {
        return;
      }
      openUnits += children.size() - 1;
      unaccepted += children.size() - 1;
    }
    for (Unit child : children) {
      launch(() -> runUnit(child));
    }
  }

  /** Submits the unit to one target, with retries (and maybe a hedge), until a decision. */
  private Step runOnTarget(Unit u, int pos, Planned planned) throws InterruptedException {
    RouteTarget rt = order.get(pos);
    TargetState ts = engine.state(rt);
    RetryPolicy policy = settings.retry();
    int tries = 0;
    GenerationException lastError = null;
    while (true) {
      if (ended) {
        return Step.STOP;
      }
      if (!now().isBefore(deadlineAt)) {
        endDeadline(
            "the deadline of "
                + settings.deadline()
                + " passed before "
                + partName(u)
                + " was accepted by any target");
        return Step.STOP;
      }
      CircuitBreaker.Permit permit = ts.breaker.tryAcquire();
      if (permit == null) {
        if (tries > 0) {
          ts.budget.refund();
        }
        Instant reopen = ts.breaker.openUntil();
        String why = "circuit open" + (reopen == null ? " (probes in flight)" : " until " + reopen);
        ts.circuitRejections.increment();
        recordSkip(u, rt, FailureClass.RETRYABLE, why);
        return Step.failover(pos + 1, lastError, why, reopen == null ? now() : reopen);
      }
      tries++;
      if (tries == 1) {
        ts.budget.deposit();
        ts.firstSubmits.increment();
      } else {
        ts.retries.increment();
      }
      if (u.duplicateNotice != null) {
        emit(new ProgressEvent.PossibleDuplicate(rt.target(), u.part, u.duplicateNotice));
        u.duplicateNotice = null;
      }
      Race race = race(u, startLeg(u, pos, planned, permit, false));
      if (race == Race.STOP) {
        return Step.STOP;
      }
      if (race.leg != null) {
        return Step.accepted(race.leg, race.job);
      }
      GenerationException e = race.error;
      lastError = e;
      int next = race.lastPos + 1;
      switch (race.kind) {
        case CONTENT_REJECTED:
          return settings.failoverOnContentRejection()
              ? Step.failover(next, e, "content rejected: " + e.getMessage(), null)
              : Step.end(e);
        case NOT_SENT:
          return Step.failover(next, e, e.getMessage(), null);
        case AMBIGUOUS:
          if (!settings.resubmitAmbiguous()) {
            return Step.end(e);
          }
          u.possibleDuplicate = true;
          u.duplicateNotice = e.getMessage();
          break;
        case BEFORE_ACCEPTANCE:
          break;
        case CALLER_ERROR:
        case AFTER_ACCEPTANCE:
        default:
          return Step.end(e);
      }
      if (race.hedged) {
        return Step.failover(next, e, e.getMessage() + "; the hedge failed too", null);
      }
      Duration delay = null;
      String why;
      Duration retryAfter = e instanceof RetryableProviderException r ? r.retryAfter() : null;
      if (tries >= policy.maxAttempts()) {
        why =
            policy.maxAttempts() == 1
                ? "retries are off"
                : "no attempts left on this target (" + tries + " made)";
      } else if (retryAfter != null && retryAfter.compareTo(policy.retryAfterCap()) > 0) {
        why = "Retry-After " + retryAfter + " is above the cap of " + policy.retryAfterCap();
      } else {
        delay = engine.backoff(tries);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
          delay = retryAfter;
        }
        if (!now().plus(delay).isBefore(deadlineAt)) {
          why = "waiting " + delay + " would pass the deadline";
        } else if (!ts.budget.tryWithdraw()) {
          why = "the retry budget of " + rt.target() + " is spent";
        } else {
          why = null;
        }
      }
      if (why != null) {
        return Step.failover(next, e, e.getMessage() + "; " + why, null);
      }
      emit(new ProgressEvent.RetryScheduled(rt.target(), u.part, tries + 1, delay, e.getMessage()));
      engine.sleeper.sleep(delay);
    }
  }

  /**
   * Waits for {@code primary}'s submit to be answered, starting a hedge when configured, until one
   * submit is accepted or all have failed, the deadline passes or the call ends.
   */
  private Race race(Unit u, Leg primary) throws InterruptedException {
    List<Leg> live = new ArrayList<>();
    live.add(primary);
    boolean hedged = false;
    int lastPos = primary.pos;
    HedgingSettings hedging = settings.hedging();
    Instant hedgeAt = hedging.enabled() && !u.hedgeUsed ? primary.t0.plus(hedging.delay()) : null;
    GenerationException ambiguous = null;
    GenerationException last = null;
    FailureKind lastKind = null;
    while (true) {
      if (ended) {
        abandonAll(live);
        return Race.STOP;
      }
      Instant now = now();
      if (!now.isBefore(deadlineAt)) {
        String msg =
            "the deadline of "
                + settings.deadline()
                + " passed while a submit of "
                + partName(u)
                + " was unanswered";
        for (Leg l : live) {
          finishLeg(l, Attempt.Outcome.FAILED, FailureClass.RETRYABLE, FailureKind.AMBIGUOUS, msg);
        }
        abandonAll(live);
        endDeadline(msg);
        return Race.STOP;
      }
      if (hedgeAt != null && !now.isBefore(hedgeAt)) {
        hedgeAt = null;
        u.hedgeUsed = true;
        Leg hedge = startHedge(u, primary);
        if (hedge != null) {
          live.add(hedge);
          hedged = true;
          lastPos = hedge.pos;
        }
      }
      Instant until = hedgeAt != null && hedgeAt.isBefore(deadlineAt) ? hedgeAt : deadlineAt;
      CompletableFuture<?>[] waits = new CompletableFuture<?>[live.size() + 1];
      for (int i = 0; i < live.size(); i++) {
        waits[i] = live.get(i).start;
      }
      waits[live.size()] = result;
      engine.sleeper.awaitCompletion(CompletableFuture.anyOf(waits), Duration.between(now, until));
      for (Iterator<Leg> it = live.iterator(); it.hasNext(); ) {
        Leg l = it.next();
        if (!l.start.isDone()) {
          continue;
        }
        it.remove();
        VendorJob job = l.start.isCompletedExceptionally() ? null : l.start.join();
        GenerationException err = job == null ? failureOf(l.start, l.rt) : null;
        if (err == null) {
          for (Leg other : live) {
            finishLeg(
                other,
                Attempt.Outcome.CANCELLED,
                null,
                null,
                "lost the hedge race to " + l.rt.target());
          }
          abandonAll(live);
          if (ambiguous != null) {
            l.possibleDuplicate = true;
          }
          return Race.accepted(l, job);
        }
        FailureKind kind = FailureKind.classify(err, false);
        submitFailed(l, err, kind);
        last = err;
        lastKind = kind;
        if (kind == FailureKind.AMBIGUOUS && !settings.resubmitAmbiguous()) {
          ambiguous = err;
        }
        if (!live.isEmpty() && endsCall(kind)) {
          for (Leg other : live) {
            finishLeg(
                other,
                Attempt.Outcome.CANCELLED,
                null,
                null,
                "abandoned: " + l.rt.target() + " failed with " + kind);
          }
          abandonAll(live);
          return Race.failed(err, kind, hedged, lastPos);
        }
      }
      if (live.isEmpty()) {
        if (ambiguous != null && !endsCall(lastKind)) {
          return Race.failed(ambiguous, FailureKind.AMBIGUOUS, hedged, lastPos);
        }
        return Race.failed(last, lastKind, hedged, lastPos);
      }
    }
  }

  private boolean endsCall(FailureKind kind) {
    return kind == FailureKind.CALLER_ERROR
        || kind == FailureKind.AFTER_ACCEPTANCE
        || (kind == FailureKind.CONTENT_REJECTED && !settings.failoverOnContentRejection());
  }

  /**
   * Starts a hedge of {@code primary}: the next target after it that plans the unit as one call,
   * has budget left and a circuit that lets calls through. Returns {@code null} when there is none.
   */
  private Leg startHedge(Unit u, Leg primary) {
    for (int p = primary.pos + 1; p < order.size(); p++) {
      Planned planned = plan(u, p);
      if (planned.refusal != null || planned.call == null) {
        continue;
      }
      RouteTarget rt = order.get(p);
      TargetState ts = engine.state(rt);
      if (!ts.budget.tryWithdraw()) {
        LOG.debug("no hedge of {} to {}: its retry budget is spent", partName(u), rt.target());
        return null;
      }
      CircuitBreaker.Permit permit = ts.breaker.tryAcquire();
      if (permit == null) {
        ts.budget.refund();
        continue;
      }
      ts.hedges.increment();
      emit(new ProgressEvent.HedgeStarted(rt.target(), u.part, primary.rt.target()));
      return startLeg(u, p, planned, permit, true);
    }
    return null;
  }

  /** Sends the billable submit of a planned call. */
  private Leg startLeg(
      Unit u, int pos, Planned planned, CircuitBreaker.Permit permit, boolean hedge) {
    RouteTarget rt = order.get(pos);
    TargetState ts = engine.state(rt);
    Leg leg =
        new Leg(
            u,
            rt,
            ts,
            pos,
            planned.call,
            planned.adaptations,
            permit,
            hedge,
            u.possibleDuplicate,
            attemptSeq.getAndIncrement(),
            now());
    ts.submits.increment();
    if (leg.possibleDuplicate) {
      ts.possibleDuplicates.increment();
    }
    emit(new ProgressEvent.AttemptStarted(rt.target(), u.part));
    CompletableFuture<VendorJob> f;
    try {
      f = rt.provider().start(planned.call);
      if (f == null) {
        f =
            CompletableFuture.failedFuture(
                new NonRetryableProviderException(
                    "provider " + rt.provider().name() + " returned no future from start"));
      }
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    leg.start = f;
    return leg;
  }

  private void submitFailed(Leg l, GenerationException err, FailureKind kind) {
    TargetState ts = l.state;
    if (kind == FailureKind.BEFORE_ACCEPTANCE || kind == FailureKind.AMBIGUOUS) {
      ts.breaker.onFailure(l.permit);
      ts.submitFailures.increment();
      if (kind == FailureKind.AMBIGUOUS) {
        ts.ambiguousSubmits.increment();
      }
    } else {
      ts.breaker.release(l.permit);
    }
    finishLeg(l, Attempt.Outcome.FAILED, err.failureClass(), kind, err.getMessage());
  }

  /** Gives up legs whose submits are unanswered: a job they produce later is cancelled. */
  private void abandonAll(List<Leg> legs) {
    for (Leg l : legs) {
      l.state.breaker.release(l.permit);
      l.start.whenComplete(
          (job, e) -> {
            if (job != null && job.finished() == null) {
              LOG.info(
                  "{} accepted job {} after its part was given up; cancelling it",
                  l.rt.target(),
                  job.id());
              l.state.orphansCancelled.increment();
              cancelAtVendor(l.rt, l.state, job);
            }
          });
    }
    legs.clear();
  }

  // ---------------------------------------------------------------- accepted jobs

  /** Registers the accepted job of a unit; returns {@code null} when the call had ended. */
  private Leaf accept(Unit u, Leg leg, VendorJob job) {
    TargetState ts = leg.state;
    ts.accepted.increment();
    ts.breaker.onSuccess(leg.permit);
    List<Adaptation> adaptations = new ArrayList<>(u.inherited);
    adaptations.addAll(leg.adaptations);
    // Field order, as the negotiator reports them; the sort is stable within a field.
    adaptations.sort(Comparator.comparing(Adaptation::field));
    Leaf leaf =
        new Leaf(
            u.part,
            leg.rt,
            ts,
            new CallPart(u.part, leg.call.part().count(), leg.call.part().seed(), u.firstImage),
            leg.call.expectedSize(),
            job,
            adaptations,
            leg.seq,
            leg.t0,
            leg.hedge,
            leg.possibleDuplicate);
    boolean registered = false;
    boolean all = false;
    synchronized (lock) {
      if (!ended) {
        leaves.add(leaf);
        registered = true;
        all = --unaccepted == 0;
      }
    }
    if (!registered) {
      finishLeaf(leaf, Attempt.Outcome.CANCELLED, null, null, "accepted after the call had ended");
      if (job.finished() == null) {
        ts.orphansCancelled.increment();
        cancelLeaf(leaf);
      }
      return null;
    }
    if (all) {
      accepted.complete(null);
    }
    return leaf;
  }

  /** Polls an accepted job until it ends, the deadline passes or the call ends. */
  private void runLeaf(Leaf leaf) throws InterruptedException {
    if (leaf == null) {
      return;
    }
    VendorJob job = leaf.job;
    JobStatus status = job.finished();
    while (status == null || !status.terminal()) {
      if (ended) {
        return;
      }
      Duration remaining = Duration.between(now(), deadlineAt);
      if (remaining.isNegative() || remaining.isZero()) {
        String msg =
            "deadline of "
                + settings.deadline()
                + " passed while "
                + leaf.rt.target()
                + " job "
                + job.id()
                + " was still running; resume it with the job handle";
        finishLeaf(
            leaf,
            Attempt.Outcome.FAILED,
            FailureClass.RETRYABLE,
            FailureKind.AFTER_ACCEPTANCE,
            msg);
        endDeadline(msg);
        return;
      }
      Duration wait = leaf.rt.provider().pollInterval(job);
      if (wait == null || wait.isNegative()) {
        wait = Duration.ZERO;
      }
      engine.sleeper.sleep(wait.compareTo(remaining) < 0 ? wait : remaining);
      if (ended) {
        return;
      }
      CompletableFuture<JobStatus> f;
      try {
        f = leaf.rt.provider().poll(job);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      if (f == null) {
        continue;
      }
      engine.sleeper.awaitCompletion(
          CompletableFuture.anyOf(f, result), Duration.between(now(), deadlineAt));
      if (!f.isDone()) {
        continue;
      }
      GenerationException err = f.isCompletedExceptionally() ? failureOf(f, leaf.rt) : null;
      if (err != null) {
        if (err.failureClass() == FailureClass.RETRYABLE) {
          // Status calls are idempotent: keep polling the same job, never resubmit.
          leaf.state.pollFailures.increment();
          LOG.debug(
              "status poll of {} job {} failed, polling again: {}",
              leaf.rt.target(),
              job.id(),
              err.getMessage());
          continue;
        }
        finishLeaf(
            leaf,
            Attempt.Outcome.FAILED,
            err.failureClass(),
            FailureKind.classify(err, true),
            err.getMessage());
        fail(err);
        return;
      }
      JobStatus next = f.join();
      if (next == null) {
        continue;
      }
      status = next;
      if (status instanceof JobStatus.Queued q) {
        emit(new ProgressEvent.Queued(leaf.rt.target(), leaf.part, q.position()));
      } else if (status instanceof JobStatus.Running r) {
        emit(new ProgressEvent.Running(leaf.rt.target(), leaf.part, r.logs()));
      }
    }
    if (status instanceof JobStatus.Succeeded s) {
      finishLeaf(leaf, Attempt.Outcome.SUCCEEDED, null, null, null);
      leafDone(leaf, s);
    } else if (status instanceof JobStatus.Failed failed) {
      GenerationException err = failed.error();
      if (err.failureClass() == FailureClass.RETRYABLE) {
        leaf.state.breaker.onJobFailure();
      }
      finishLeaf(
          leaf,
          Attempt.Outcome.FAILED,
          err.failureClass(),
          FailureKind.classify(err, true),
          err.getMessage());
      fail(err);
    } else {
      finishLeaf(leaf, Attempt.Outcome.CANCELLED, null, null, "cancelled at the vendor");
      synchronized (lock) {
        leaf.cancelSent = true;
      }
      result.cancel(false);
    }
  }

  private void leafDone(Leaf leaf, JobStatus.Succeeded s) {
    PixelSize expected = leaf.expectedSize;
    for (GeneratedImage img : s.images()) {
      if (expected != null && img.size() != null && !expected.equals(img.size())) {
        leaf.sizeAdaptation =
            new Adaptation(
                RequestField.SIZE,
                expected.toString(),
                img.size().toString(),
                "the vendor returned a different size than planned");
        break;
      }
    }
    emit(new ProgressEvent.Completed(leaf.rt.target(), leaf.part, s.images().size()));
    GenerationResult r = null;
    synchronized (lock) {
      leaf.done = s;
      if (ended || --openUnits > 0) {
        return;
      }
      ended = true;
      r = resultLocked();
    }
    result.complete(r);
    accepted.complete(null);
  }

  private GenerationResult resultLocked() {
    List<Leaf> ordered = new ArrayList<>(leaves);
    ordered.sort(Comparator.comparingInt(l -> l.callPart.firstImage()));
    List<GeneratedImage> images = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Set<Adaptation> adaptations = new LinkedHashSet<>();
    Cost cost = null;
    boolean costKnown = true;
    for (Leaf l : ordered) {
      images.addAll(l.done.images());
      ids.add(l.job.id());
      adaptations.addAll(l.adaptations);
      if (l.sizeAdaptation != null) {
        adaptations.add(l.sizeAdaptation);
      }
      if (l.done.cost() == null) {
        costKnown = false;
      } else {
        cost = cost == null ? l.done.cost() : cost.plus(l.done.cost());
      }
    }
    return new GenerationResult(
        images, new ArrayList<>(adaptations), attemptsLocked(), ids, costKnown ? cost : null);
  }

  private List<Attempt> attemptsLocked() {
    List<Recorded> sorted = new ArrayList<>(attempts);
    sorted.sort(Comparator.comparingInt(Recorded::seq));
    List<Attempt> out = new ArrayList<>(sorted.size());
    for (Recorded r : sorted) {
      out.add(r.attempt());
    }
    return out;
  }

  private String handleLocked() {
    if (leaves.isEmpty()) {
      return null;
    }
    List<Leaf> ordered = new ArrayList<>(leaves);
    ordered.sort(Comparator.comparingInt(l -> l.callPart.firstImage()));
    List<JobHandle.Part> parts = new ArrayList<>();
    for (Leaf l : ordered) {
      parts.add(
          new JobHandle.Part(
              l.callPart, l.expectedSize, l.job.id(), l.job.attributes(), l.rt.target()));
    }
    return new JobHandle(ordered.get(0).rt.target(), parts).encode();
  }

  // ---------------------------------------------------------------- ending the call

  /** Ends the call with {@code e}; vendor jobs still running are cancelled. */
  private void fail(GenerationException e) {
    List<Leaf> running;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      running = runningLocked();
    }
    result.completeExceptionally(e);
    accepted.complete(null);
    for (Leaf l : running) {
      cancelLeaf(l);
    }
  }

  /**
   * Ends the call because its deadline passed. Accepted jobs keep running at the vendor and go into
   * the exception's handle; they are not cancelled, so the caller can resume them.
   */
  private void endDeadline(String message) {
    DeadlineExceededException d;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      d = new DeadlineExceededException(message, handleLocked());
    }
    result.completeExceptionally(d);
    accepted.complete(null);
  }

  /** The caller cancelled the result: cancel every vendor job still running. */
  private void onCancelled() {
    List<Leaf> running;
    synchronized (lock) {
      ended = true;
      running = runningLocked();
    }
    accepted.complete(null);
    for (Leaf l : running) {
      cancelLeaf(l);
    }
  }

  private List<Leaf> runningLocked() {
    List<Leaf> out = new ArrayList<>();
    for (Leaf l : leaves) {
      if (l.done == null && l.job.finished() == null && !l.cancelSent) {
        l.cancelSent = true;
        out.add(l);
      }
    }
    return out;
  }

  private void cancelLeaf(Leaf l) {
    cancelAtVendor(l.rt, l.state, l.job);
  }

  private void cancelAtVendor(RouteTarget rt, TargetState ts, VendorJob job) {
    if (job.finished() != null) {
      return;
    }
    ts.vendorCancels.increment();
    try {
      CompletableFuture<Void> f = rt.provider().cancel(job);
      if (f != null) {
        f.whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("cancel of {} job {} failed: {}", rt.target(), job.id(), e.toString());
              }
            });
      }
    } catch (RuntimeException e) {
      LOG.debug("cancel of {} job {} failed: {}", rt.target(), job.id(), e.toString());
    }
  }

  // ---------------------------------------------------------------- helpers

  private interface Body {
    void run() throws InterruptedException;
  }

  private void launch(Body body) {
    try {
      engine.executor.execute(
          () -> {
            try {
              body.run();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              result.cancel(false);
            } catch (GenerationException e) {
              fail(e);
            } catch (RuntimeException e) {
              LOG.warn("a call part failed unexpectedly", e);
              fail(new NonRetryableProviderException("the call failed unexpectedly: " + e, 0, e));
            }
          });
    } catch (RuntimeException e) {
      fail(new RetryableProviderException("could not schedule a call part: " + e, null, false, e));
    }
  }

  /** The classified failure of a completed future. */
  private static GenerationException failureOf(CompletableFuture<?> f, RouteTarget rt) {
    try {
      Object v = f.join();
      return v == null
          ? new NonRetryableProviderException(
              "provider " + rt.provider().name() + " completed a call with no value")
          : null;
    } catch (CompletionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      if (c instanceof GenerationException g) {
        return g;
      }
      return new NonRetryableProviderException(
          "provider " + rt.provider().name() + " failed unexpectedly: " + c, 0, c);
    } catch (CancellationException e) {
      return new RetryableProviderException(
          "the call to " + rt.target() + " was cancelled before its outcome was known",
          null,
          true,
          e);
    }
  }

  private void recordSkip(Unit u, RouteTarget rt, FailureClass fc, String reason) {
    emit(new ProgressEvent.AttemptSkipped(rt.target(), u.part, fc, reason));
    record(
        attemptSeq.getAndIncrement(),
        new Attempt(
            rt.target(),
            Attempt.Outcome.SKIPPED,
            fc,
            Duration.ZERO,
            false,
            null,
            reason,
            u.part,
            FailureKind.NOT_SENT,
            false,
            false));
  }

  private void finishLeg(
      Leg l, Attempt.Outcome outcome, FailureClass fc, FailureKind kind, String message) {
    record(
        l.seq,
        new Attempt(
            l.rt.target(),
            outcome,
            fc,
            latency(l.t0),
            false,
            null,
            message,
            l.unit.part,
            kind,
            l.hedge,
            l.possibleDuplicate));
  }

  private void finishLeaf(
      Leaf l, Attempt.Outcome outcome, FailureClass fc, FailureKind kind, String message) {
    record(
        l.seq,
        new Attempt(
            l.rt.target(),
            outcome,
            fc,
            latency(l.t0),
            true,
            l.job.id(),
            message,
            l.part,
            kind,
            l.hedge,
            l.possibleDuplicate));
  }

  /** Records an attempt; a failed one is also reported as {@link ProgressEvent.AttemptFailed}. */
  private void record(int seq, Attempt a) {
    synchronized (lock) {
      attempts.add(new Recorded(seq, a));
    }
    if (a.outcome() == Attempt.Outcome.FAILED) {
      emit(new ProgressEvent.AttemptFailed(a.target(), a.part(), a.failureClass(), a.message()));
    }
    emit(new ProgressEvent.AttemptEnded(a.target(), a.part(), a));
  }

  private Duration latency(Instant t0) {
    Duration d = Duration.between(t0, now());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private Instant now() {
    return engine.clock.instant();
  }

  private String partName(Unit u) {
    return u.part == 0 && nextPart.get() == 1 ? "the request" : "part " + u.part;
  }

  private void emit(ProgressEvent e) {
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("progress listener failed on {}: {}", e.getClass().getSimpleName(), ex.toString());
    }
  }

  // ---------------------------------------------------------------- state records

  private record Recorded(int seq, Attempt attempt) {}

  /** A part looking for a target. Touched only by the thread that runs it. */
  private static final class Unit {
    final int part;
    final GenerationRequest request;
    final int firstImage;
    final int startPos;
    final List<Adaptation> inherited;
    final Map<Integer, Planned> plans = new HashMap<>();
    boolean possibleDuplicate;
    String duplicateNotice;
    boolean hedgeUsed;

    Unit(
        int part,
        GenerationRequest request,
        int firstImage,
        int startPos,
        List<Adaptation> inherited) {
      this.part = part;
      this.request = request;
      this.firstImage = firstImage;
      this.startPos = startPos;
      this.inherited = List.copyOf(inherited);
    }
  }

  /** A unit's plan on one target: one call, a split, or a refusal. */
  private static final class Planned {
    final CallPlan plan;
    final PlannedCall call;
    final List<Adaptation> adaptations;
    final GenerationException refusal;

    Planned(
        CallPlan plan,
        PlannedCall call,
        List<Adaptation> adaptations,
        GenerationException refusal) {
      this.plan = plan;
      this.call = call;
      this.adaptations = List.copyOf(adaptations);
      this.refusal = refusal;
    }
  }

  /** One submit of a unit to one target, answered or not. */
  private static final class Leg {
    final Unit unit;
    final RouteTarget rt;
    final TargetState state;
    final int pos;
    final PlannedCall call;
    final List<Adaptation> adaptations;
    final CircuitBreaker.Permit permit;
    final boolean hedge;
    boolean possibleDuplicate;
    final int seq;
    final Instant t0;
    CompletableFuture<VendorJob> start;

    Leg(
        Unit unit,
        RouteTarget rt,
        TargetState state,
        int pos,
        PlannedCall call,
        List<Adaptation> adaptations,
        CircuitBreaker.Permit permit,
        boolean hedge,
        boolean possibleDuplicate,
        int seq,
        Instant t0) {
      this.unit = unit;
      this.rt = rt;
      this.state = state;
      this.pos = pos;
      this.call = call;
      this.adaptations = adaptations;
      this.permit = permit;
      this.hedge = hedge;
      this.possibleDuplicate = possibleDuplicate;
      this.seq = seq;
      this.t0 = t0;
    }
  }

  /** An accepted vendor job serving one part. {@code done} and {@code cancelSent}: under lock. */
  private static final class Leaf {
    final int part;
    final RouteTarget rt;
    final TargetState state;
    final CallPart callPart;
    final PixelSize expectedSize;
    final VendorJob job;
    final List<Adaptation> adaptations;
    final int seq;
    final Instant t0;
    final boolean hedge;
    final boolean possibleDuplicate;
    JobStatus.Succeeded done;
    boolean cancelSent;
    Adaptation sizeAdaptation;

    Leaf(
        int part,
        RouteTarget rt,
        TargetState state,
        CallPart callPart,
        PixelSize expectedSize,
        VendorJob job,
        List<Adaptation> adaptations,
        int seq,
        Instant t0,
        boolean hedge,
        boolean possibleDuplicate) {
      this.part = part;
      this.rt = rt;
      this.state = state;
      this.callPart = callPart;
      this.expectedSize = expectedSize;
      this.job = job;
      this.adaptations = List.copyOf(adaptations);
      this.seq = seq;
      this.t0 = t0;
      this.hedge = hedge;
      this.possibleDuplicate = possibleDuplicate;
    }
  }

  /** What a unit's time on one target came to. */
  private static final class Step {
    static final Step STOP = new Step(null, null, null, false, -1, null, null);

    final Leg leg;
    final VendorJob job;
    final GenerationException error;
    final boolean end;
    final int next;
    final String reason;
    final Instant reopenAt;

    private Step(
        Leg leg,
        VendorJob job,
        GenerationException error,
        boolean end,
        int next,
        String reason,
        Instant reopenAt) {
      this.leg = leg;
      this.job = job;
      this.error = error;
      this.end = end;
      this.next = next;
      this.reason = reason;
      this.reopenAt = reopenAt;
    }

    static Step accepted(Leg leg, VendorJob job) {
      return new Step(leg, job, null, false, -1, null, null);
    }

    static Step end(GenerationException e) {
      return new Step(null, null, e, true, -1, null, null);
    }

    /**
     * Move on to position {@code next}; {@code error} is the last submit failure on the target, if
     * any, and {@code reopenAt} is set when the target's circuit refused the (next) submit.
     */
    static Step failover(int next, GenerationException e, String reason, Instant reopenAt) {
      return new Step(null, null, e, false, next, reason, reopenAt);
    }
  }

  /** How the submits of one try (and its hedge) ended. */
  private static final class Race {
    static final Race STOP = new Race(null, null, null, null, false, -1);

    final Leg leg;
    final VendorJob job;
    final GenerationException error;
    final FailureKind kind;
    final boolean hedged;
    final int lastPos;

    private Race(
        Leg leg,
        VendorJob job,
        GenerationException error,
        FailureKind kind,
        boolean hedged,
        int lastPos) {
      this.leg = leg;
      this.job = job;
      this.error = error;
      this.kind = kind;
      this.hedged = hedged;
      this.lastPos = lastPos;
    }

    static Race accepted(Leg leg, VendorJob job) {
      return new Race(leg, job, null, null, false, leg.pos);
    }

    static Race failed(GenerationException e, FailureKind kind, boolean hedged, int lastPos) {
      return new Race(null, null, e, kind, hedged, lastPos);
    }
  }
}
