package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the fleet knows of one item of work, by its idempotency key.
 *
 * @param key the idempotency key, e.g. a batch row's id; 1..512 characters, no control characters
 * @param owner the worker that claimed it (a name, never a secret)
 * @param status where it stands
 * @param handle the resumable handle once a vendor accepted it ({@link
 *     ImageGeneration#resume(String, ProgressListener)}), else {@code null}
 * @param resultLocation where the results were written, once they were, else {@code null}
 * @param leaseUntil until when a {@link Status#CLAIMED} record stays exclusive
 * @param updated when it last changed
 */
public record JobRecord(
    String key,
    String owner,
    Status status,
    String handle,
    String resultLocation,
    Instant leaseUntil,
    Instant updated) {

  /** Where an item stands. */
  public enum Status {
    /** A worker holds the right to submit it; no vendor job is known yet. */
    CLAIMED,
    /** A vendor accepted it; {@link #handle()} resumes it. Never submitted again. */
    ACCEPTED,
    /** It finished with images. */
    SUCCEEDED,
    /**
     * It failed; with a handle the vendor held a job (never submitted again), without one nothing
     * was accepted and the item may be claimed again.
     */
    FAILED
  }

  public JobRecord {
    checkKey(key);
    requireNonNull(owner, "owner is null");
    requireNonNull(status, "status is null");
    requireNonNull(leaseUntil, "leaseUntil is null");
    requireNonNull(updated, "updated is null");
    if (status == Status.ACCEPTED && handle == null) {
      throw new IllegalArgumentException("an ACCEPTED job record needs a handle");
    }
  }

  /** Checks an idempotency key; the error names the rule. */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 512) {
      throw new IllegalArgumentException("idempotency key must be 1..512 characters");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw new IllegalArgumentException("idempotency key must not contain control characters");
      }
    }
    return key;
  }

  /** Whether a vendor holds (or held) a job for it, so it must never be submitted again. */
  public boolean vendorHoldsJob() {
    return handle != null;
  }

  /** Whether another owner may claim it at {@code now}. */
  public boolean claimableBy(String other, Instant now) {
    if (handle != null) {
      return false;
    }
    return switch (status) {
      case CLAIMED -> owner.equals(other) || !now.isBefore(leaseUntil);
      case FAILED -> true;
      case ACCEPTED, SUCCEEDED -> false;
    };
  }

  /**
   * How far along the record is: 0 claimed (or failed with nothing accepted), 1 accepted, 2
   * finished with a vendor job. A store never replaces a record by one further behind, so a late or
   * replayed write cannot make an accepted job claimable again.
   */
  public int progress() {
    if (handle == null) {
      return 0;
    }
    return status == Status.ACCEPTED || status == Status.CLAIMED ? 1 : 2;
  }

  /** The same record with another status, handle and result location. */
  public JobRecord with(Status status, String handle, String resultLocation, Instant updated) {
    return new JobRecord(key, owner, status, handle, resultLocation, leaseUntil, updated);
  }
}
