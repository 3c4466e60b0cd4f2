package io.genport.simulators;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The fault rules of one simulator. Rules are checked in the order they were added; the first that
 * selects a request and fires decides its fault. Probabilistic rules draw from a {@link Random}
 * seeded by {@link SimulatorOptions#randomSeed()}, so a run with the same requests in the same
 * order injects the same faults (with concurrent clients the arrival order, and so the outcome, can
 * differ).
 *
 * <pre>{@code
 * sim.faults().on(FalSimulator.SUBMIT).times(2)
 *     .inject(Fault.status(429).withHeader("Retry-After", "2"));
 * sim.faults().on(FalSimulator.STATUS).withProbability(0.2).inject(Fault.resetBeforeBody());
 * sim.faults().on(Endpoint.of("POST", "/fal-ai/**")).skip(1).inject(Fault.resetAfterBody());
 * }</pre>
 */
public final class FaultInjector {
  private final List<FaultRule> rules = new ArrayList<>();
  private final Random random;
  private int injected;

  FaultInjector(long seed) {
    this.random = new Random(seed);
  }

  /** Starts a rule for the requests {@code endpoint} selects. */
  public RuleBuilder on(Endpoint endpoint) {
    return new RuleBuilder(Objects.requireNonNull(endpoint, "endpoint"));
  }

  /** The installed rules, in order. */
  public synchronized List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  /** How many faults were injected in total. */
  public synchronized int injectedCount() {
    return injected;
  }

  /** Removes every rule. */
  public synchronized void clear() {
    rules.forEach(FaultRule::cancel);
    rules.clear();
  }

  synchronized Fault select(String host, String route, String method, String path) {
    for (FaultRule rule : rules) {
      if (!rule.endpoint().matches(host, route, method, path)) {
        continue;
      }
      boolean fire;
      synchronized (rule) {
        fire = rule.tryFire(random);
      }
      if (fire) {
        injected++;
        return rule.fault();
      }
    }
    return null;
  }

  private synchronized FaultRule add(FaultRule rule) {
    rules.add(rule);
    return rule;
  }

  /**
   * Says how often a rule fires. Without a call to {@link #times}, {@link #always} or {@link
   * #withProbability} the rule fires once.
   */
  public final class RuleBuilder {
    private final Endpoint endpoint;
    private int times = 1;
    private double probability = Double.NaN;
    private int skip;

    private RuleBuilder(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    /** Fires for the next {@code n} selected requests. */
    public RuleBuilder times(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("times must be >= 1: " + n);
      }
      this.times = n;
      return this;
    }

    /** Fires for every selected request until cancelled. */
    public RuleBuilder always() {
      this.times = -1;
      return this;
    }

    /**
     * Fires for each selected request with probability {@code p}, drawn from the seeded random;
     * unlimited unless {@link #times} is called after this.
     */
    public RuleBuilder withProbability(double p) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
      }
      this.probability = p;
      this.times = -1;
      return this;
    }

    /** Lets the first {@code n} selected requests through before the rule starts firing. */
    public RuleBuilder skip(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("skip must be >= 0: " + n);
      }
      this.skip = n;
      return this;
    }

    /** Installs the rule. */
    public FaultRule inject(Fault fault) {
      return add(
          new FaultRule(
              endpoint, Objects.requireNonNull(fault, "fault"), times, probability, skip));
    }
  }
}
