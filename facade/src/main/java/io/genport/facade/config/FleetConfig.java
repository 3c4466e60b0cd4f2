package io.genport.facade.config;

import io.genport.core.application.FleetPolicy;

/**
 * The {@code fleet} block of {@code genport.yaml}: where the shared fleet state lives and what the
 * router holds it to.
 *
 * @param redisUrl the URL of the shared state ({@code fleet.redisUrl}), without credentials, or
 *     {@code null} when the file names none; never shown by {@link #toString()}
 * @param policy the rate limits, spend ceilings and cost estimates; {@link FleetPolicy#NONE} when
 *     the file sets none
 * @param hasPolicy whether the file set any policy key (so that code's policy is only overridden by
 *     one the file really gives)
 */
public record FleetConfig(String redisUrl, FleetPolicy policy, boolean hasPolicy) {

  /** No {@code fleet} block. */
  public static final FleetConfig NONE = new FleetConfig(null, FleetPolicy.NONE, false);

  public FleetConfig {
    if (redisUrl != null && redisUrl.isBlank()) {
      throw new IllegalArgumentException("fleet.redisUrl must not be blank");
    }
    if (policy == null) {
      throw new IllegalArgumentException("fleet policy is null");
    }
  }

  @Override
  public String toString() {
    return "FleetConfig[redisUrl="
        + (redisUrl == null ? "none" : "set")
        + ", policy="
        + policy
        + "]";
  }
}
