package io.genport.facade.config;

import static java.util.Objects.requireNonNull;

import io.genport.core.application.RouterSettings;
import io.genport.core.domain.Target;
import java.util.List;

/**
 * One route of {@code genport.yaml}: its targets in failover order and the router policy.
 *
 * @param name the route's name
 * @param targets the targets, in order; at least one, no target twice
 * @param weighted whether every target has a weight (the first target of a call is then drawn by
 *     weight)
 * @param settings the router policy, with {@link RouterSettings#defaults()} for what the file
 *     leaves out
 */
public record RouteConfig(
    String name,
    List<RouteConfig.TargetConfig> targets,
    boolean weighted,
    RouterSettings settings) {
  public RouteConfig {
    requireNonNull(name, "name is null");
    targets = List.copyOf(targets);
    requireNonNull(settings, "settings is null");
  }

  /**
   * One target of a route.
   *
   * @param target {@code provider:model}
   * @param weight its weight in a weighted route; 1 when not given
   */
  public record TargetConfig(Target target, int weight) {
    public TargetConfig {
      requireNonNull(target, "target is null");
    }
  }
}
