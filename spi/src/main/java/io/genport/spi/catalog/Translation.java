package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.negotiation.NegotiatedRequest;
import java.util.List;

/**
 * A request translated for one model: the negotiated request and one native input body per call
 * part.
 *
 * @param negotiated the request fitted to the model
 * @param bodies one body per {@link NegotiatedRequest#parts() part}, in order; each a private copy
 * @since 1
 */
public record Translation(NegotiatedRequest negotiated, List<ObjectNode> bodies) {
  public Translation {
    requireNonNull(negotiated, "negotiated is null");
    bodies = List.copyOf(bodies);
    if (bodies.size() != negotiated.parts().size()) {
      throw new IllegalArgumentException("one body per part is required");
    }
  }

  public List<Adaptation> adaptations() {
    return negotiated.adaptations();
  }
}
