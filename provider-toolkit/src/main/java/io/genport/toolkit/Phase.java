package io.genport.toolkit;

/**
 * Which exchange with the vendor a failure happened in. The classification of a failure depends on
 * it: only a {@link #SUBMIT} can have created a job that a resubmission would bill again, so only a
 * submit's failures can be ambiguous.
 */
public enum Phase {
  /** The one billable request that creates the job (or, for a one-shot vendor, the images). */
  SUBMIT,
  /** A status request for an accepted job; idempotent. */
  STATUS,
  /** The request that fetches a finished job's output; idempotent. */
  RESULT,
  /** A request to cancel a job; idempotent. */
  CANCEL;

  /** Whether a failure in this phase may leave a job at the vendor that the caller cannot name. */
  public boolean mayCreateJob() {
    return this == SUBMIT;
  }
}
