package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import io.genport.core.port.JobClaim;
import io.genport.core.port.JobRecord;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link FleetState} for one process: plain maps under one lock, never stale, never waiting. The
 * router's default, so a single-process user needs no setting; a store for a fleet (Redis) keeps a
 * copy of this as its local state when the shared store is out of reach.
 */
public final class InMemoryFleetState implements FleetState {
  private final Clock clock;
  private final Map<Target, Instant> circuits = new HashMap<>();
  private final Map<RateKey, double[]> buckets = new HashMap<>();
  private final Map<String, BigDecimal> ledgers = new HashMap<>();
  private final Map<String, JobRecord> jobs = new HashMap<>();

  /** In-memory state on the system UTC clock. */
  public InMemoryFleetState() {
    this(Clock.systemUTC());
  }

  /** In-memory state on {@code clock} (leases, token refills). */
  public InMemoryFleetState(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public synchronized Instant circuitOpenUntil(Target target) {
    Instant until = circuits.get(requireNonNull(target, "target is null"));
    return until != null && until.isAfter(clock.instant()) ? until : null;
  }

  @Override
  public synchronized void circuitOpened(Target target, Instant openUntil) {
    requireNonNull(openUntil, "openUntil is null");
    circuits.merge(
        requireNonNull(target, "target is null"), openUntil, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public synchronized Duration takeRateToken(RateKey key, RateLimit limit) {
    requireNonNull(key, "key is null");
    requireNonNull(limit, "limit is null");
    long now = nanosOf(clock.instant());
    // {tokens, last refill in nanos}
    double[] b = buckets.computeIfAbsent(key, k -> new double[] {limit.burst(), now});
    return take(b, limit, now);
  }

  /**
   * The token-bucket step shared with the stores that keep a local fallback: refill for the time
   * since the last step, then take a token or say how long until one is there.
   */
  static Duration take(double[] bucket, RateLimit limit, long nowNanos) {
    double perToken = limit.nanosPerToken();
    double elapsed = Math.max(0, nowNanos - bucket[1]);
    bucket[0] = Math.min(limit.burst(), bucket[0] + elapsed / perToken);
    bucket[1] = Math.max(bucket[1], nowNanos);
    if (bucket[0] >= 1) {
      bucket[0] -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(1, (long) Math.ceil((1 - bucket[0]) * perToken)));
  }

  private static long nanosOf(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  @Override
  public synchronized boolean reserveSpend(
      String unit, String period, BigDecimal amount, BigDecimal ceiling) {
    String k = ledger(unit, period);
    BigDecimal spent = ledgers.getOrDefault(k, BigDecimal.ZERO);
    if (spent.compareTo(requireNonNull(ceiling, "ceiling is null")) >= 0) {
      return false;
    }
    ledgers.put(k, spent.add(requireNonNull(amount, "amount is null")));
    return true;
  }

  @Override
  public synchronized void addSpend(String unit, String period, BigDecimal delta) {
    ledgers.merge(ledger(unit, period), requireNonNull(delta, "delta is null"), BigDecimal::add);
  }

  @Override
  public synchronized BigDecimal spent(String unit, String period) {
    return ledgers.getOrDefault(ledger(unit, period), BigDecimal.ZERO);
  }

  private static String ledger(String unit, String period) {
    requireNonNull(unit, "unit is null");
    requireNonNull(period, "period is null");
    return unit + "\n" + period;
  }

  @Override
  public synchronized JobClaim claimJob(String key, String owner, Duration lease) {
    JobRecord.checkKey(key);
    requireNonNull(owner, "owner is null");
    requireNonNull(lease, "lease is null");
    Instant now = clock.instant();
    JobRecord current = jobs.get(key);
    if (current != null && !current.claimableBy(owner, now)) {
      return new JobClaim(false, current);
    }
    JobRecord mine =
        new JobRecord(key, owner, JobRecord.Status.CLAIMED, null, null, now.plus(lease), now);
    jobs.put(key, mine);
    return new JobClaim(true, mine);
  }

  @Override
  public synchronized void recordJob(JobRecord record) {
    requireNonNull(record, "record is null");
    JobRecord current = jobs.get(record.key());
    // A record is never replaced by one further behind: a job a vendor holds must never be
    // submitted again, whatever a late writer says.
    if (current != null && current.progress() > record.progress()) {
      return;
    }
    jobs.put(record.key(), record);
  }

  @Override
  public synchronized Optional<JobRecord> job(String key) {
    return Optional.ofNullable(jobs.get(JobRecord.checkKey(key)));
  }

  @Override
  public String toString() {
    return "InMemoryFleetState";
  }
}
