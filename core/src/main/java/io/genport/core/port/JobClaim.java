package io.genport.core.port;

import static java.util.Objects.requireNonNull;

/**
 * The answer to {@link FleetState#claimJob}.
 *
 * @param granted whether the caller now holds the claim and may submit
 * @param record the record after the claim: the caller's when granted, else the holder's
 */
public record JobClaim(boolean granted, JobRecord record) {
  public JobClaim {
    requireNonNull(record, "record is null");
  }
}
