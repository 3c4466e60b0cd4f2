package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.port.CallPlan;
import io.genport.core.port.PlannedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a part along the call's targets until a vendor accepts it or none will. It owns the order
 * of the part's rounds: plan each target in turn (skip one that cannot serve it, split the part
 * when a plan does), hand each to the {@link SubmitRetrier}, and fail over to the next.
 *
 * <p>When every target is used up and some were passed over only because their circuit was open, it
 * still sends the part to those, once each and in the order their cooldowns end (the load
 * balancers' panic mode), rather than fail without trying. Then it sends the part once more to each
 * target it left only because the retry budget refused a retry, on the reserve the budget keeps for
 * parts with no other target.
 */
final class UnitRouter {
  private static final Logger LOG = LoggerFactory.getLogger(UnitRouter.class);

  private final RoutedCall call;
  private final SubmitRetrier retrier;

  UnitRouter(RoutedCall call) {
    this.call = call;
    this.retrier = new SubmitRetrier(call, new HedgeRace(call, this));
  }

  /** Routes {@code u} to its end: accepted and polled, split, or the call failed. */
  void run(PendingPart u) throws InterruptedException {
    List<RouteTarget> order = call.order;
    GenerationException lastSent = null;
    List<GenerationException> refusals = new ArrayList<>();
    List<String> notSent = new ArrayList<>();
    List<Integer> closedOnly = new ArrayList<>();
    RouteTarget left = null;
    int pos = u.startPos;
    while (pos < order.size()) {
      if (call.ended()) {
        return;
      }
      RouteTarget rt = order.get(pos);
      TargetPlan plan = plan(u, pos);
      if (plan.refused()) {
        refusals.add(plan.refusal());
        notSent.add(rt.target() + ": " + plan.refusal().getMessage());
        pos++;
        continue;
      }
      if (plan.splits()) {
        split(u, pos, plan.plan());
        return;
      }
      TargetOutcome step = retrier.submit(u, pos, plan, SubmitRetrier.Round.FIRST);
      if (!settle(u, step)) {
        return;
      }
      if (step.error() != null) {
        lastSent = step.error();
      }
      if (step.neverSent()) {
        closedOnly.add(pos);
      }
      left = rt;
      call.engine.state(rt).failovers.increment();
      if (step.next() < order.size()) {
        call.emit(
            new ProgressEvent.FailingOver(
                rt.target(), u.part, order.get(step.next()).target(), step.reason()));
      }
      pos = step.next();
    }
    for (int last : lastResorts(closedOnly)) {
      call.emit(
          new ProgressEvent.FailingOver(
              left.target(),
              u.part,
              order.get(last).target(),
              "no target with a closed circuit can take "
                  + call.partName(u)
                  + "; trying the open ones in the order they reopen"));
      TargetOutcome step = retrier.submit(u, last, plan(u, last), SubmitRetrier.Round.LAST_RESORT);
      if (!settle(u, step)) {
        return;
      }
      lastSent = step.error() != null ? step.error() : lastSent;
      left = order.get(last);
    }
    for (int again : List.copyOf(u.budgetLimited)) {
      call.emit(
          new ProgressEvent.FailingOver(
              left.target(),
              u.part,
              order.get(again).target(),
              "every target failed "
                  + call.partName(u)
                  + "; trying again where the retry budget kept a reserve for that"));
      TargetOutcome step = retrier.submit(u, again, plan(u, again), SubmitRetrier.Round.AGAIN);
      if (!settle(u, step)) {
        return;
      }
      lastSent = step.error() != null ? step.error() : lastSent;
      left = order.get(again);
    }
    call.fail(lastSent != null ? lastSent : refused(u, refusals, notSent));
  }

  /**
   * Acts on an outcome that ends the part's routing (accepted: poll the job; the call ends: fail
   * it); returns whether the part moves on instead.
   */
  private boolean settle(PendingPart u, TargetOutcome step) throws InterruptedException {
    if (step.stopped()) {
      return false;
    }
    if (step.leg() != null) {
      call.poller.poll(call.poller.accept(u, step.leg(), step.job()));
      return false;
    }
    if (step.end()) {
      call.fail(step.error());
      return false;
    }
    return true;
  }

  /**
   * The positions whose circuit alone kept the part away, most likely to answer first: the circuit
   * that reopens first (one no longer open counts as now), then route order.
   */
  private List<Integer> lastResorts(List<Integer> positions) {
    Instant now = call.now();
    return positions.stream()
        .sorted(
            Comparator.comparing(
                    (Integer p) -> {
                      Instant reopen = call.engine.state(call.order.get(p)).breaker.openUntil();
                      return reopen == null || reopen.isBefore(now) ? now : reopen;
                    })
                .thenComparing(p -> p))
        .toList();
  }

  /** The failure of a part that no target of the route could serve. */
  private GenerationException refused(
      PendingPart u, List<GenerationException> refusals, List<String> notSent) {
    if (refusals.size() == 1) {
      return refusals.get(0);
    }
    String msg =
        "no target of the route can serve " + call.partName(u) + ": " + String.join("; ", notSent);
    boolean allInvalid = true;
    Set<RequestField> fields = new HashSet<>();
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

  /** Plans {@code u} on the target at {@code pos}, once; a refusal is recorded once. */
  TargetPlan plan(PendingPart u, int pos) {
    TargetPlan p = u.plans.get(pos);
    if (p != null) {
      return p;
    }
    RouteTarget rt = call.order.get(pos);
    try {
      CallPlan plan = rt.provider().plan(u.request, rt.target().model());
      if (plan == null || plan.calls().isEmpty()) {
        throw new UnsupportedCapabilityException(null, "the provider planned no call");
      }
      p =
          plan.calls().size() == 1
              ? TargetPlan.single(plan.calls().get(0), plan.adaptations())
              : TargetPlan.split(plan);
    } catch (RuntimeException e) {
      GenerationException g =
          e instanceof GenerationException ge
              ? ge
              : new UnsupportedCapabilityException(null, "the provider could not plan: " + e);
      if (!(e instanceof UnsupportedCapabilityException || e instanceof InvalidRequestException)) {
        LOG.warn("{} failed to plan a request; skipping it: {}", rt.target(), e.toString());
      }
      p = TargetPlan.refused(g);
      call.engine.state(rt).skipped.increment();
      call.ledger.skipped(u.part, rt.target(), g.failureClass(), g.getMessage());
    }
    u.plans.put(pos, p);
    return p;
  }

  /** Turns {@code u} into one part per call of {@code plan}, each routed on its own. */
  private void split(PendingPart u, int pos, CallPlan plan) {
    List<Adaptation> countAdaptations = new ArrayList<>(u.inherited);
    List<Adaptation> others = new ArrayList<>();
    for (Adaptation a : plan.adaptations()) {
      (a.field() == RequestField.COUNT ? countAdaptations : others).add(a);
    }
    List<PendingPart> children = new ArrayList<>();
    for (int i = 0; i < plan.calls().size(); i++) {
      PlannedCall c = plan.calls().get(i);
      int part = i == 0 ? u.part : call.newPart();
      GenerationRequest sub =
          u.request.toBuilder()
              .count(c.part().count())
              .seed(u.request.seed() == null ? null : c.part().seed())
              .build();
      PendingPart child =
          new PendingPart(part, sub, u.firstImage + c.part().firstImage(), pos, countAdaptations);
      child.plans.put(pos, TargetPlan.single(c, others));
      children.add(child);
    }
    if (call.ledger.split(children.size())) {
      children.forEach(call::route);
    }
  }
}
