package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.port.ImageGeneration;

/**
 * A decoded line: the request and what serves it.
 *
 * @param id the line's id as the input gives it, or {@code null} for the default ({@code line-N});
 *     it names the line's images and results, so it is letters, digits, {@code .}, {@code _} and
 *     {@code -} (checked by the engine)
 * @param request the canonical request
 * @param generation what serves it (a router over the line's route); the same instance for every
 *     line of a route, so that circuit breakers and retry budgets are shared
 * @param route how results name the route, e.g. {@code fal:flux-2}
 */
public record BatchItem(
    String id, GenerationRequest request, ImageGeneration generation, String route) {
  public BatchItem {
    requireNonNull(request, "request is null");
    requireNonNull(generation, "generation is null");
    requireNonNull(route, "route is null");
  }
}
