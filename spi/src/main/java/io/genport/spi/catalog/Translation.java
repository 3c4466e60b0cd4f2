package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.negotiation.NegotiatedRequest;
import java.util.List;

/**
 * A request translated for one model: the negotiated request and one native input body per call
 * part.
 *
 * @param negotiated the request fitted to the model
 * @param bodies one body per {@link NegotiatedRequest#parts() part}, in order; each a private copy
 * @param expectedFormat the encoding the bodies ask for (the model's documented default when they
 *     name none), or {@code null} when the model has no format setting and so the plan cannot know
 * @since 1
 */
public record Translation(
    NegotiatedRequest negotiated, List<ObjectNode> bodies, ImageFormat expectedFormat) {
  public Translation {
    requireNonNull(negotiated, "negotiated is null");
    bodies = List.copyOf(bodies);
    if (bodies.size() != negotiated.parts().size()) {
      throw new IllegalArgumentException("one body per part is required");
    }
  }

  /** A translation whose images' encoding is not known before the call. */
  public Translation(NegotiatedRequest negotiated, List<ObjectNode> bodies) {
    this(negotiated, bodies, null);
  }

  public List<Adaptation> adaptations() {
    return negotiated.adaptations();
  }
}
