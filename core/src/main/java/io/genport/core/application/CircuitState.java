package io.genport.core.application;

/** The state of a target's circuit breaker. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /**
   * Calls fail over at once until the cooldown ends; a part that no other target can take is still
   * sent, without counting for or against the circuit.
   */
  OPEN,
  /** The cooldown ended: a few probe submits are let through to decide between closed and open. */
  HALF_OPEN,
  /** Circuit breaking is turned off for this router. */
  DISABLED
}
