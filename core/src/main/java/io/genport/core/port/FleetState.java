package io.genport.core.port;

import io.genport.core.domain.Target;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * State that several GenPort instances serving the same vendors share: each target's circuit, the
 * vendors' request-rate tokens, the spend ledgers and the registry of accepted jobs. One process
 * uses the in-memory implementation (the default, {@code
 * io.genport.core.application.InMemoryFleetState}); a fleet plugs in a shared one (the {@code
 * genport-redis} module).
 *
 * <p>Implementations are thread-safe, and no method blocks longer than the implementation's own
 * timeout: when the shared store cannot answer in time, a method answers from the state it holds
 * locally (and says so in its logs and metrics) rather than hold up a call. Reads may be stale by a
 * bounded time the implementation documents (at most a second for the Redis one). Nothing here ever
 * holds a credential: rate tokens are keyed by a {@linkplain RateKey#fingerprint(String)
 * fingerprint} of it.
 */
public interface FleetState extends AutoCloseable {

  // ------------------------------------------------------------------------------- circuits

  /**
   * Until when some instance of the fleet holds {@code target}'s circuit open, or {@code null} when
   * none is known to. Answered from local state; may lag the fleet by the documented staleness.
   */
  Instant circuitOpenUntil(Target target);

  /** This instance opened {@code target}'s circuit until {@code openUntil}; tell the fleet. */
  void circuitOpened(Target target, Instant openUntil);

  // ------------------------------------------------------------------------------ rate tokens

  /**
   * Takes one request-rate token of {@code key}'s bucket, which {@code limit} fills.
   *
   * @return {@link Duration#ZERO} when a token was taken; otherwise how long to wait before asking
   *     again (nothing was taken)
   */
  Duration takeRateToken(RateKey key, RateLimit limit);

  // ----------------------------------------------------------------------------------- spend

  /**
   * Reserves {@code amount} in the ledger of {@code unit} for {@code period}, atomically and only
   * while what the ledger holds is below {@code ceiling}: the fleet then passes its ceiling by at
   * most one reservation.
   *
   * @param unit the unit of the ledger, e.g. {@code USD} or {@code credits}; units never mix
   * @param period the period's label, e.g. {@code 2026-12-03} (see {@link SpendPeriod#label})
   * @return whether the amount was reserved
   */
  boolean reserveSpend(String unit, String period, BigDecimal amount, BigDecimal ceiling);

  /** Adds {@code delta} (negative to give a reservation back) to a ledger, unconditionally. */
  void addSpend(String unit, String period, BigDecimal delta);

  /** What the ledger of {@code unit} for {@code period} holds (zero when nothing was recorded). */
  BigDecimal spent(String unit, String period);

  // ------------------------------------------------------------------------------ job registry

  /**
   * Claims the right to submit the item of {@code key}, atomically: of two workers claiming the
   * same key, one gets it. A claim is granted when the key is unknown, when {@code owner} already
   * holds it, when the holder's lease ran out before a vendor accepted the job, or when an earlier
   * attempt failed before any vendor held a job.
   *
   * @param lease how long the claim stays exclusive without a vendor job
   * @return the claim, with the record as it stands after it
   */
  JobClaim claimJob(String key, String owner, Duration lease);

  /**
   * Records what became of a claimed item (accepted with a handle, finished with a result
   * location). Never lost: kept locally and written to the shared store when it can be.
   */
  void recordJob(JobRecord record);

  /** The record of {@code key}, when there is one. */
  Optional<JobRecord> job(String key);

  /** Releases connections and background work; the default does nothing. */
  @Override
  default void close() {}
}
