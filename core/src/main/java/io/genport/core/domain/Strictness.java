package io.genport.core.domain;

/** How a target must treat one canonical field it cannot honour exactly. */
public enum Strictness {
  /** Fail (or skip the target during failover) rather than change the value. */
  REQUIRED,
  /** Adapt to the nearest supported value and report an {@link Adaptation}. */
  BEST_EFFORT
}
