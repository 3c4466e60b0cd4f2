package io.genport.spark;

import io.genport.core.application.InMemoryFleetState;
import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import io.genport.core.port.JobClaim;
import io.genport.core.port.JobRecord;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet state that counts what the batch does with it, so a test can wait until every row of a
 * task was accepted before killing the task. One per name, shared by the JVM (tasks in local mode
 * run in the test's JVM).
 */
final class ObservedFleet implements FleetState {
  private static final Map<String, ObservedFleet> BY_NAME = new ConcurrentHashMap<>();

  private final FleetState inner;
  final AtomicInteger claimsGranted = new AtomicInteger();
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();

  private ObservedFleet(FleetState inner) {
    this.inner = inner;
  }

  /** The fleet of {@code name}, over a new in-memory registry on first use. */
  static ObservedFleet named(String name) {
    return BY_NAME.computeIfAbsent(name, n -> new ObservedFleet(new InMemoryFleetState()));
  }

  /** The fleet of {@code name} over {@code inner} (a Redis one, say). */
  static ObservedFleet over(String name, FleetState inner) {
    return BY_NAME.computeIfAbsent(name, n -> new ObservedFleet(inner));
  }

  /** A source the executors open this fleet with. */
  static FleetSource source(String name) {
    return FleetSource.of(name, () -> named(name));
  }

  @Override
  public Instant circuitOpenUntil(Target target) {
    return inner.circuitOpenUntil(target);
  }

  @Override
  public void circuitOpened(Target target, Instant openUntil) {
    inner.circuitOpened(target, openUntil);
  }

  @Override
  public Duration takeRateToken(RateKey key, RateLimit limit) {
    return inner.takeRateToken(key, limit);
  }

  @Override
  public boolean reserveSpend(String unit, String period, BigDecimal amount, BigDecimal ceiling) {
    return inner.reserveSpend(unit, period, amount, ceiling);
  }

  @Override
  public void addSpend(String unit, String period, BigDecimal delta) {
    inner.addSpend(unit, period, delta);
  }

  @Override
  public BigDecimal spent(String unit, String period) {
    return inner.spent(unit, period);
  }

  @Override
  public JobClaim claimJob(String key, String owner, Duration lease) {
    JobClaim c = inner.claimJob(key, owner, lease);
    if (c.granted()) {
      claimsGranted.incrementAndGet();
    }
    return c;
  }

  @Override
  public void recordJob(JobRecord record) {
    inner.recordJob(record);
    if (record.status() == JobRecord.Status.ACCEPTED) {
      accepted.incrementAndGet();
    }
  }

  @Override
  public Optional<JobRecord> job(String key) {
    lookups.incrementAndGet();
    return inner.job(key);
  }
}
