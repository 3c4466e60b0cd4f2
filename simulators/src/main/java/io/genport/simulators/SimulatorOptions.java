package io.genport.simulators;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings every simulator shares. Immutable; the {@code with*} methods return copies.
 *
 * <ul>
 *   <li>{@link #randomSeed()} (default 42): seeds the fault dice, generated ids and random vendor
 *       seeds, so a run is repeatable;
 *   <li>{@link #clock()} (default UTC system clock): timestamps and time-driven job timing; pass a
 *       {@link ManualClock} to drive it from a test;
 *   <li>{@link #tcpFront()} (default true): put a small TCP relay in front of the HTTP server so
 *       that faults can send a real TCP reset. It costs two threads per open connection and a
 *       loopback hop; benchmarks that measure client overhead may turn it off, and resets then
 *       degrade to closes;
 *   <li>{@link #portBase()} (default 0: ephemeral ports): the first port the simulator's hosts
 *       listen on, one port per host in declaration order, for a simulator served to other programs
 *       at a known address ({@code genport simulators --port-base});
 *   <li>{@link #jobTiming()} (default none: each simulator's own): how the jobs of every job
 *       simulator move, overriding the builder's, for {@code genport simulators --timing}.
 * </ul>
 */
public final class SimulatorOptions {
  private final long randomSeed;
  private final Clock clock;
  private final boolean tcpFront;
  private final int portBase;
  private final JobTiming jobTiming;

  private SimulatorOptions(
      long randomSeed, Clock clock, boolean tcpFront, int portBase, JobTiming jobTiming) {
    this.randomSeed = randomSeed;
    this.clock = clock;
    this.tcpFront = tcpFront;
    this.portBase = portBase;
    this.jobTiming = jobTiming;
  }

  /** The defaults: seed 42, the UTC system clock, the TCP front on, ephemeral ports. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(42L, Clock.systemUTC(), true, 0, null);
  }

  /** A copy with another random seed. */
  public SimulatorOptions withRandomSeed(long seed) {
    return new SimulatorOptions(seed, clock, tcpFront, portBase, jobTiming);
  }

  /** A copy with another clock. */
  public SimulatorOptions withClock(Clock newClock) {
    return new SimulatorOptions(
        randomSeed, Objects.requireNonNull(newClock, "clock"), tcpFront, portBase, jobTiming);
  }

  /** A copy with the TCP front on or off. */
  public SimulatorOptions withTcpFront(boolean on) {
    return new SimulatorOptions(randomSeed, clock, on, portBase, jobTiming);
  }

  /**
   * A copy whose hosts listen on {@code base}, {@code base + 1}, ... in declaration order; 0 for
   * ephemeral ports.
   *
   * @throws IllegalArgumentException when {@code base} is not 0 and not in 1..65535
   */
  public SimulatorOptions withPortBase(int base) {
    if (base < 0 || base > 65_535) {
      throw new IllegalArgumentException("portBase must be 0 (ephemeral) or 1..65535: " + base);
    }
    return new SimulatorOptions(randomSeed, clock, tcpFront, base, jobTiming);
  }

  /** A copy whose job simulators all use {@code timing}; {@code null} for their own. */
  public SimulatorOptions withJobTiming(JobTiming timing) {
    return new SimulatorOptions(randomSeed, clock, tcpFront, portBase, timing);
  }

  /** The first port of the hosts, or 0 for ephemeral ports. */
  public int portBase() {
    return portBase;
  }

  /** The job timing that overrides every job simulator's own, or {@code null}. */
  public JobTiming jobTiming() {
    return jobTiming;
  }

  /** The seed of every random choice the simulator makes. */
  public long randomSeed() {
    return randomSeed;
  }

  /** The simulator's clock. */
  public Clock clock() {
    return clock;
  }

  /** Whether a TCP front makes real resets possible. */
  public boolean tcpFront() {
    return tcpFront;
  }
}
