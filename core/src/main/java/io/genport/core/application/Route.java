package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.core.port.ImageProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered list of targets a {@link GenerationRouter} tries for each call part. Immutable.
 *
 * <p>In an <em>ordered</em> route every call starts at the first target and fails over down the
 * list. In a <em>weighted</em> route the first target of each call is drawn at random in proportion
 * to the weights (among targets whose circuit is not open), and failover continues with the other
 * targets in list order; targets of weight 0 are fallbacks only.
 *
 * @param targets the targets, in failover order; at least one, no target twice
 * @param weighted whether the first target is chosen by weight
 */
public record Route(List<RouteTarget> targets, boolean weighted) {
  public Route {
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    if (targets.isEmpty()) {
      throw new InvalidRequestException("route", "must name at least one target");
    }
    Set<Target> seen = new HashSet<>();
    long total = 0;
    for (RouteTarget t : targets) {
      if (!seen.add(t.target())) {
        throw new InvalidRequestException("route", "names " + t.target() + " twice");
      }
      total += t.weight();
    }
    if (weighted && total == 0) {
      throw new InvalidRequestException(
          "route", "a weighted route needs at least one target of positive weight");
    }
  }

  /** An ordered route over {@code targets}. */
  public static Route of(RouteTarget... targets) {
    return new Route(List.of(targets), false);
  }

  /** The route's target for {@code target}, or {@code null}. */
  public RouteTarget find(Target target) {
    for (RouteTarget t : targets) {
      if (t.target().equals(target)) {
        return t;
      }
    }
    return null;
  }

  /** A builder of an empty route. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return (weighted ? "weighted " : "") + targets;
  }

  /**
   * Mutable, not thread-safe builder. Give either every target a weight, or none; {@link #build()}
   * validates.
   */
  public static final class Builder {
    private final List<RouteTarget> targets = new ArrayList<>();
    private int weightedCount;

    private Builder() {}

    /** Adds {@code provider}'s {@code model} as the next target. */
    public Builder target(ImageProvider provider, String model) {
      targets.add(RouteTarget.of(provider, model));
      return this;
    }

    /**
     * Adds {@code provider}'s {@code model} as the next target with a weight for load spreading.
     */
    public Builder target(ImageProvider provider, String model, int weight) {
      requireNonNull(provider, "provider is null");
      targets.add(new RouteTarget(new Target(provider.name(), model), provider, weight));
      weightedCount++;
      return this;
    }

    public Route build() {
      if (weightedCount > 0 && weightedCount < targets.size()) {
        throw new InvalidRequestException(
            "route", "give every target a weight, or none (use weight 0 for a fallback)");
      }
      return new Route(targets, weightedCount > 0);
    }
  }
}
