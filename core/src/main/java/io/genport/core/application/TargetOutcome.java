package io.genport.core.application;

import io.genport.core.domain.GenerationException;
import io.genport.core.port.VendorJob;

/**
 * What a part's time on one target came to: a job was accepted, the call must end, the part moves
 * on to another position of the route, or the call already ended ({@link #STOP}).
 *
 * @param leg the accepted submit, or {@code null}
 * @param job the job it created, or {@code null}
 * @param error the failure that ends the call, or the last submit failure on the target, or {@code
 *     null}
 * @param end whether {@code error} ends the call
 * @param next the route position to move on to
 * @param reason why the part moves on
 * @param circuitOpen whether the target's circuit refused the part's (next) submit
 */
record TargetOutcome(
    SubmitLeg leg,
    VendorJob job,
    GenerationException error,
    boolean end,
    int next,
    String reason,
    boolean circuitOpen) {
  static final TargetOutcome STOP = new TargetOutcome(null, null, null, false, -1, null, false);

  static TargetOutcome accepted(SubmitLeg leg, VendorJob job) {
    return new TargetOutcome(leg, job, null, false, -1, null, false);
  }

  static TargetOutcome end(GenerationException e) {
    return new TargetOutcome(null, null, e, true, -1, null, false);
  }

  /**
   * Move on to position {@code next}; {@code e} is the last submit failure on the target, if any.
   */
  static TargetOutcome failover(int next, GenerationException e, String reason) {
    return new TargetOutcome(null, null, e, false, next, reason, false);
  }

  /** Move on to position {@code next} because the target's circuit refused the submit. */
  static TargetOutcome circuitOpen(int next, GenerationException e, String reason) {
    return new TargetOutcome(null, null, e, false, next, reason, true);
  }

  boolean stopped() {
    return this == STOP;
  }

  /**
   * Whether the part moved on without ever reaching the target: only its circuit stood in the way.
   */
  boolean neverSent() {
    return circuitOpen && error == null;
  }
}
