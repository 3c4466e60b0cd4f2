package io.genport.simulators;

import java.time.Clock;
import java.util.Objects;

/**
 * The options every simulator builder shares: {@link SimulatorOptions} (random seed, clock, TCP
 * front). Vendor builders extend it, so the shared setters exist once.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class SimulatorBuilder<B extends SimulatorBuilder<B>> {
  /** The options the simulator is started with. */
  protected SimulatorOptions options = SimulatorOptions.defaults();

  /** The options set so far, for the simulator's constructor. */
  public SimulatorOptions simulatorOptions() {
    return options;
  }

  /** This builder, typed as the concrete builder. */
  protected abstract B self();

  /** All shared options at once. */
  public B options(SimulatorOptions o) {
    this.options = Objects.requireNonNull(o, "options");
    return self();
  }

  /** Shortcut for {@code options(options.withRandomSeed(seed))}. */
  public B randomSeed(long seed) {
    this.options = options.withRandomSeed(seed);
    return self();
  }

  /** Shortcut for {@code options(options.withClock(clock))}. */
  public B clock(Clock clock) {
    this.options = options.withClock(clock);
    return self();
  }
}
