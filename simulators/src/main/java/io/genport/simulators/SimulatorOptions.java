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
 *       degrade to closes.
 * </ul>
 */
public final class SimulatorOptions {
  private final long randomSeed;
  private final Clock clock;
  private final boolean tcpFront;

  private SimulatorOptions(long randomSeed, Clock clock, boolean tcpFront) {
    this.randomSeed = randomSeed;
    this.clock = clock;
    this.tcpFront = tcpFront;
  }

  /** The defaults: seed 42, the UTC system clock, the TCP front on. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(42L, Clock.systemUTC(), true);
  }

  /** A copy with another random seed. */
  public SimulatorOptions withRandomSeed(long seed) {
    return new SimulatorOptions(seed, clock, tcpFront);
  }

  /** A copy with another clock. */
  public SimulatorOptions withClock(Clock newClock) {
    return new SimulatorOptions(randomSeed, Objects.requireNonNull(newClock, "clock"), tcpFront);
  }

  /** A copy with the TCP front on or off. */
  public SimulatorOptions withTcpFront(boolean on) {
    return new SimulatorOptions(randomSeed, clock, on);
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
