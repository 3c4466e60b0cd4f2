package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.core.port.ImageProvider;

/**
 * One target of a {@link Route}: a provider instance and one of its models.
 *
 * @param target the target, {@code provider:model}; its provider part is the provider's {@link
 *     ImageProvider#name() name}
 * @param provider the provider that serves it; thread-safe, shared by every call
 * @param weight the share of first choices this target gets in a weighted route, 0..1,000,000 (0:
 *     only ever a fallback); ignored in an ordered route
 */
public record RouteTarget(Target target, ImageProvider provider, int weight) {
  public RouteTarget {
    requireNonNull(target, "target is null");
    requireNonNull(provider, "provider is null");
    if (!target.provider().equals(provider.name())) {
      throw new InvalidRequestException(
          "route", "target " + target + " is not served by provider '" + provider.name() + "'");
    }
    Checks.between("route.weight", weight, 0, 1_000_000);
  }

  /** {@code provider:model} with weight 1. */
  public static RouteTarget of(ImageProvider provider, String model) {
    return new RouteTarget(new Target(provider.name(), model), provider, 1);
  }

  @Override
  public String toString() {
    return target + (weight == 1 ? "" : " (weight " + weight + ")");
  }
}
