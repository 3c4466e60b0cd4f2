package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One try of one call against one target.
 *
 * @param target the target tried
 * @param outcome how it ended
 * @param failureClass the class of the failure, or {@code null} when it succeeded
 * @param latency how long it took
 * @param accepted whether the vendor accepted a job (so it must never be submitted again)
 * @param vendorJobId the vendor's job or request id, or {@code null}
 * @param message what went wrong, or {@code null}
 */
public record Attempt(
    Target target,
    Outcome outcome,
    FailureClass failureClass,
    Duration latency,
    boolean accepted,
    String vendorJobId,
    String message) {

  /** How an attempt ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    SKIPPED,
    CANCELLED
  }

  public Attempt {
    requireNonNull(target, "target is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(latency, "latency is null");
  }
}
