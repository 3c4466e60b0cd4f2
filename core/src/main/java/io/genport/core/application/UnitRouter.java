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
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
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

  /**
   * Routes {@code u} to its end: accepted and polled, split, or the call failed. Returns at the
   * first wait; the future completes when the part's routing is over (it fails when the call must
   * end with its failure).
   */
  CompletableFuture<Void> run(PendingPart u) {
    return new Routing(u).first(u.startPos);
  }

  /**
   * One part's rounds along the route, a step per target: each step waits for the target's outcome
   * and then moves on from where it stopped. Steps run one at a time.
   */
  private final class Routing {
    private final PendingPart u;
    private final List<RouteTarget> order = call.order;
    private GenerationException lastSent;
    private final List<GenerationException> refusals = new ArrayList<>();
    private final List<String> notSent = new ArrayList<>();
    private final List<Integer> closedOnly = new ArrayList<>();
    private RouteTarget left;

    Routing(PendingPart u) {
      this.u = u;
    }

    /** The first round, from {@code pos}. */
    CompletableFuture<Void> first(int pos) {
      while (pos < order.size()) {
        if (call.ended()) {
          return RoutedCall.DONE;
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
          return RoutedCall.DONE;
        }
        int at = pos;
        CompletableFuture<TargetOutcome> f = retrier.submit(u, at, plan, SubmitRetrier.Round.FIRST);
        return call.after(f, () -> afterFirst(at, f.join()));
      }
      return lastResort(lastResorts(closedOnly), 0);
    }

    private CompletableFuture<Void> afterFirst(int pos, TargetOutcome step) {
      if (!settle(u, step)) {
        return RoutedCall.DONE;
      }
      if (step.error() != null) {
        lastSent = step.error();
      }
      if (step.neverSent()) {
        closedOnly.add(pos);
      }
      RouteTarget rt = order.get(pos);
      left = rt;
      call.engine.state(rt).failovers.increment();
      if (step.next() < order.size()) {
        call.emit(
            new ProgressEvent.FailingOver(
                rt.target(), u.part, order.get(step.next()).target(), step.reason()));
      }
      return first(step.next());
    }

    /**
     * The last resorts from the {@code i}-th on, then the round {@link SubmitRetrier.Round#AGAIN}.
     */
    private CompletableFuture<Void> lastResort(List<Integer> lastResorts, int i) {
      if (i == lastResorts.size()) {
        return again(List.copyOf(u.budgetLimited), 0);
      }
      int last = lastResorts.get(i);
      call.emit(
          new ProgressEvent.FailingOver(
              left.target(),
              u.part,
              order.get(last).target(),
              "no target with a closed circuit can take "
                  + call.partName(u)
                  + "; trying the open ones in the order they reopen"));
      return sendOnce(last, SubmitRetrier.Round.LAST_RESORT, () -> lastResort(lastResorts, i + 1));
    }

    /**
     * The round {@link SubmitRetrier.Round#AGAIN} from the {@code i}-th target on, then failing.
     */
    private CompletableFuture<Void> again(List<Integer> targets, int i) {
      if (i == targets.size()) {
        call.fail(lastSent != null ? lastSent : refused(u, refusals, notSent));
        return RoutedCall.DONE;
      }
      int again = targets.get(i);
      call.emit(
          new ProgressEvent.FailingOver(
              left.target(),
              u.part,
              order.get(again).target(),
              "every target failed "
                  + call.partName(u)
                  + "; trying again where the retry budget kept a reserve for that"));
      return sendOnce(again, SubmitRetrier.Round.AGAIN, () -> again(targets, i + 1));
    }

    /**
     * Sends the part to the target at {@code pos} in a round after the first, then goes on with
     * {@code next} unless that ended the part.
     */
    private CompletableFuture<Void> sendOnce(
        int pos, SubmitRetrier.Round round, Supplier<CompletableFuture<Void>> next) {
      CompletableFuture<TargetOutcome> f = retrier.submit(u, pos, plan(u, pos), round);
      return call.after(
          f,
          () -> {
            TargetOutcome step = f.join();
            if (!settle(u, step)) {
              return RoutedCall.DONE;
            }
            lastSent = step.error() != null ? step.error() : lastSent;
            left = order.get(pos);
            return next.get();
          });
    }
  }

  /**
   * Acts on an outcome that ends the part's routing (accepted: poll the job; the call ends: fail
   * it); returns whether the part moves on instead.
   */
  private boolean settle(PendingPart u, TargetOutcome step) {
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
