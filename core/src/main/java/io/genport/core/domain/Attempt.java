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
 * @param reason why a permanent vendor failure happened ({@link FailureReason}; with kind {@link
 *     FailureKind#TARGET_UNAVAILABLE} it is why the route left the target), or {@code null} when
 *     the attempt did not fail that way
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
    boolean possibleDuplicate,
    FailureReason reason) {

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

  /** An attempt with no failure reason (the eleven fields before the reason was added). */
  public Attempt(
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
    this(
        target,
        outcome,
        failureClass,
        latency,
        accepted,
        vendorJobId,
        message,
        part,
        kind,
        hedge,
        possibleDuplicate,
        null);
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
        false,
        null);
  }

  /**
   * A builder of an attempt on {@code target} that ended with {@code outcome}; every other field
   * starts empty (no class, zero latency, not accepted, part 0, no flags).
   */
  public static Builder builder(Target target, Outcome outcome) {
    return new Builder(target, outcome);
  }

  /** Mutable, not thread-safe builder; {@link #build()} validates. */
  public static final class Builder {
    private final Target target;
    private final Outcome outcome;
    private FailureClass failureClass;
    private Duration latency = Duration.ZERO;
    private boolean accepted;
    private String vendorJobId;
    private String message;
    private int part;
    private FailureKind kind;
    private boolean hedge;
    private boolean possibleDuplicate;
    private FailureReason reason;

    private Builder(Target target, Outcome outcome) {
      this.target = target;
      this.outcome = outcome;
    }

    /** The class of the failure; leave unset when it succeeded or was cancelled. */
    public Builder failure(FailureClass failureClass, FailureKind kind) {
      this.failureClass = failureClass;
      this.kind = kind;
      return this;
    }

    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /** The vendor accepted a job with id {@code vendorJobId}. */
    public Builder acceptedAs(String vendorJobId) {
      this.accepted = true;
      this.vendorJobId = vendorJobId;
      return this;
    }

    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder part(int part) {
      this.part = part;
      return this;
    }

    public Builder hedge(boolean hedge) {
      this.hedge = hedge;
      return this;
    }

    public Builder possibleDuplicate(boolean possibleDuplicate) {
      this.possibleDuplicate = possibleDuplicate;
      return this;
    }

    /** Why a permanent vendor failure happened; leave unset for any other outcome. */
    public Builder reason(FailureReason reason) {
      this.reason = reason;
      return this;
    }

    public Attempt build() {
      return new Attempt(
          target,
          outcome,
          failureClass,
          latency,
          accepted,
          vendorJobId,
          message,
          part,
          kind,
          hedge,
          possibleDuplicate,
          reason);
    }
  }
}
