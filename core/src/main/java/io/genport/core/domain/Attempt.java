package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One try of one call part against one target. For an accepted attempt, the attempt covers the
 * submit and every status poll of the job it created.
 *
 * @param target the target tried
 * @param outcome how it ended
 * @param failureClass the class of the failure, or {@code null} when it succeeded or was cancelled
 * @param latency how long it took, from the submit (or the skip decision) to its end
 * @param accepted whether the vendor accepted a job (so it must never be submitted again)
 * @param vendorJobId the vendor's job or request id, or {@code null}
 * @param message what went wrong or why it was skipped, or {@code null}
 * @param part the call part it served (0 for an unsplit request)
 * @param kind when and how it failed, or {@code null} when it succeeded, was cancelled, or was
 *     recorded by code that does not classify
 * @param hedge whether this attempt was started as a hedge while an earlier submit of the same part
 *     was still unanswered
 * @param possibleDuplicate whether this attempt's submit followed a submit of the same part whose
 *     outcome was ambiguous, so the vendors may hold two jobs (and bill twice) for it
 */
public record Attempt(
    Target target,
    Outcome outcome,
    FailureClass failureClass,
    Duration latency,
    boolean accepted,
    String vendorJobId,
    String message,
    int part,
    FailureKind kind,
    boolean hedge,
    boolean possibleDuplicate) {

  /** How an attempt ended. */
  public enum Outcome {
    /** The vendor produced the images. */
    SUCCEEDED,
    /** The submit or the job failed. */
    FAILED,
    /** Nothing was sent: the target cannot honour the request, or its circuit was open. */
    SKIPPED,
    /** Cancelled: by the caller, at the vendor, or as the losing side of a hedge. */
    CANCELLED
  }

  public Attempt {
    requireNonNull(target, "target is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(latency, "latency is null");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    if (part < 0) {
      throw new IllegalArgumentException("part must not be negative");
    }
  }

  /** An attempt of part 0 with no classification and no flags (the original seven fields). */
  public Attempt(
      Target target,
      Outcome outcome,
      FailureClass failureClass,
      Duration latency,
      boolean accepted,
      String vendorJobId,
      String message) {
    this(
        target,
        outcome,
        failureClass,
        latency,
        accepted,
        vendorJobId,
        message,
        0,
        null,
        false,
        false);
  }
}
