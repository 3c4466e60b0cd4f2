package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationException;
import io.genport.core.port.CallPlan;
import io.genport.core.port.PlannedCall;
import java.util.List;

/**
 * A part's plan on one target: exactly one of a single call, a split into several calls, or the
 * target's refusal.
 *
 * @param plan the provider's plan when it splits the part, else {@code null}
 * @param call the one call to submit, or {@code null}
 * @param adaptations what the plan changed in the request (for a single call)
 * @param refusal why the target cannot serve the part, or {@code null}
 */
record TargetPlan(
    CallPlan plan, PlannedCall call, List<Adaptation> adaptations, GenerationException refusal) {
  TargetPlan {
    adaptations = List.copyOf(adaptations);
  }

  static TargetPlan single(PlannedCall call, List<Adaptation> adaptations) {
    return new TargetPlan(null, call, adaptations, null);
  }

  static TargetPlan split(CallPlan plan) {
    return new TargetPlan(plan, null, plan.adaptations(), null);
  }

  static TargetPlan refused(GenerationException refusal) {
    return new TargetPlan(null, null, List.of(), refusal);
  }

  boolean refused() {
    return refusal != null;
  }

  boolean splits() {
    return refusal == null && call == null;
  }
}
