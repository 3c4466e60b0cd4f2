package io.genport.core.application;

import io.genport.core.domain.FailureKind;
import io.genport.core.domain.GenerationException;
import io.genport.core.port.VendorJob;

/**
 * How the submits of one try, and its hedge, ended: one was accepted, all failed, or the call ended
 * ({@link #STOP}).
 *
 * @param leg the accepted submit, or {@code null}
 * @param job the job it created, or {@code null}
 * @param error the failure that decides what happens next, or {@code null}
 * @param kind its kind
 * @param hedged whether a hedge was started
 * @param lastPos the last route position a submit went to (the hedge's, when there was one)
 */
record RaceOutcome(
    SubmitLeg leg,
    VendorJob job,
    GenerationException error,
    FailureKind kind,
    boolean hedged,
    int lastPos) {
  static final RaceOutcome STOP = new RaceOutcome(null, null, null, null, false, -1);

  static RaceOutcome accepted(SubmitLeg leg, VendorJob job) {
    return new RaceOutcome(leg, job, null, null, false, leg.pos);
  }

  static RaceOutcome failed(GenerationException e, FailureKind kind, boolean hedged, int lastPos) {
    return new RaceOutcome(null, null, e, kind, hedged, lastPos);
  }

  boolean stopped() {
    return this == STOP;
  }
}
