package io.genport.core.domain;

import java.util.List;

/**
 * The images of a request, with everything that happened on the way.
 *
 * @param images the images, in order; never null
 * @param adaptations every change made to the request; never null
 * @param attempts every attempt, in the order they started; never null
 * @param vendorRequestIds the vendors' job or request ids; never null
 * @param cost the total cost when the vendor reports it, or {@code null}
 */
public record GenerationResult(
    List<GeneratedImage> images,
    List<Adaptation> adaptations,
    List<Attempt> attempts,
    List<String> vendorRequestIds,
    Cost cost) {
  public GenerationResult {
    images = List.copyOf(images);
    adaptations = List.copyOf(adaptations);
    attempts = List.copyOf(attempts);
    vendorRequestIds = List.copyOf(vendorRequestIds);
  }
}
