package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One billable submit of a part to one target, answered or not. Touched only by the steps of its
 * part, which run one at a time.
 */
final class SubmitLeg {
  final PendingPart unit;
  final RouteTarget rt;
  final TargetState state;
  final int pos;
  final PlannedCall call;
  final List<Adaptation> adaptations;
  final CircuitBreaker.Permit permit;
  final boolean hedge;
  final int seq;
  final Instant t0;

  /** Set when an earlier submit of the part was ambiguous, so this one may be a duplicate. */
  boolean possibleDuplicate;

  /** The provider's answer: the accepted job, or the failure. */
  CompletableFuture<VendorJob> start;

  SubmitLeg(
      PendingPart unit,
      RouteTarget rt,
      TargetState state,
      int pos,
      TargetPlan plan,
      CircuitBreaker.Permit permit,
      boolean hedge,
      int seq,
      Instant t0) {
    this.unit = unit;
    this.rt = rt;
    this.state = state;
    this.pos = pos;
    this.call = plan.call();
    this.adaptations = plan.adaptations();
    this.permit = permit;
    this.hedge = hedge;
    this.possibleDuplicate = unit.possibleDuplicate;
    this.seq = seq;
    this.t0 = t0;
  }
}
