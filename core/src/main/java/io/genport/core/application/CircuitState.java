package io.genport.core.application;

/** The state of a target's circuit breaker. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /** Nothing is sent to the target until the cooldown ends; calls fail over at once. */
  OPEN,
  /** The cooldown ended: a few probe submits are let through to decide between closed and open. */
  HALF_OPEN,
  /** Circuit breaking is turned off for this router. */
  DISABLED
}
