package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.SafetyLevel;
import java.util.List;

/**
 * A canonical request fitted to one model: every value here is one the model accepts. Providers
 * render it into their native parameters; they never re-decide what it says.
 *
 * @param request the original request
 * @param size the size decision
 * @param parts the vendor calls to make, in order; their counts add up to the request's count
 * @param safety the safety level to express, or {@code null} when the model has no safety setting
 * @param format the format to ask for, or {@code null} for the model default
 * @param quality the encoder quality to send, or {@code null}
 * @param negativePrompt the negative prompt to send, or {@code null}
 * @param steps the steps to send, or {@code null}
 * @param guidance the guidance to send, or {@code null}
 * @param adaptations every change made to the request, in field order
 */
public record NegotiatedRequest(
    GenerationRequest request,
    SizeDecision size,
    List<CallPart> parts,
    SafetyLevel safety,
    ImageFormat format,
    Integer quality,
    String negativePrompt,
    Integer steps,
    Double guidance,
    List<Adaptation> adaptations) {
  public NegotiatedRequest {
    requireNonNull(request, "request is null");
    requireNonNull(size, "size is null");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts must not be empty");
    }
    adaptations = List.copyOf(adaptations);
  }
}
