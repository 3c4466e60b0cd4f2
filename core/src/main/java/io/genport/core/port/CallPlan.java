package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.NegotiatedRequest;
import java.util.List;

/**
 * Everything a provider will do for a request, decided before any I/O: the negotiated request and
 * the native calls. This is what {@code genport explain} prints.
 *
 * @param target the target planned for
 * @param negotiated the request as fitted to the model
 * @param calls the calls, one per part, in order
 */
public record CallPlan(Target target, NegotiatedRequest negotiated, List<PlannedCall> calls) {
  public CallPlan {
    requireNonNull(target, "target is null");
    requireNonNull(negotiated, "negotiated is null");
    calls = List.copyOf(calls);
    if (calls.size() != negotiated.parts().size()) {
      throw new IllegalArgumentException("one call per part is required");
    }
  }

  /** Every change made to the request for this target. */
  public List<Adaptation> adaptations() {
    return negotiated.adaptations();
  }
}
