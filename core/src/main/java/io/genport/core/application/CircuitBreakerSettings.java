package io.genport.core.application;

import java.time.Duration;

/**
 * The circuit breaker the router keeps per target (provider and model). Immutable; build one with
 * {@link #builder()}.
 *
 * <p>Only signals about the vendor's health count: a submit the vendor accepted is a success; a
 * submit that failed before acceptance or ambiguously, and an accepted job that failed for a
 * retryable reason, are failures. Caller errors, content rejections and skips count as nothing.
 *
 * <p>A closed circuit opens after {@code consecutiveFailures} failures in a row, or when at least
 * {@code minimumCalls} calls in the last {@code window} failed at {@code failureRateThreshold} or
 * more. An open circuit sends nothing to the target (the router fails over at once; a part that no
 * closed target can take is still sent, once, to each open one, in the order they reopen) for a
 * cooldown of {@code baseCooldown}, doubled for every consecutive trip up to {@code maxCooldown};
 * once the circuit has stayed closed for {@code maxCooldown}, the next trip starts at {@code
 * baseCooldown} again. After the cooldown the circuit is half-open: up to {@code probes} submits
 * are let through; once failures among them reach {@code failureRateThreshold} of {@code probes} it
 * opens again (with the defaults, 2 of 3), and once all have answered below that it closes. A
 * single failed probe does not reopen a vendor that serves most requests.
 *
 * @param enabled whether to break circuits at all; default true
 * @param consecutiveFailures failures in a row that open the circuit, 1..1000; default 5
 * @param failureRateThreshold failure share in the window that opens it, in (0, 1]; default 0.5
 * @param minimumCalls calls in the window before the rate is judged, 1..100,000; default 20
 * @param window the sliding window of the failure rate; default 60 s
 * @param baseCooldown the first cooldown; default 30 s
 * @param maxCooldown the longest cooldown, at least {@code baseCooldown}; default 5 min
 * @param probes accepted probe submits needed to close a half-open circuit, 1..100; default 3
 */
public record CircuitBreakerSettings(
    boolean enabled,
    int consecutiveFailures,
    double failureRateThreshold,
    int minimumCalls,
    Duration window,
    Duration baseCooldown,
    Duration maxCooldown,
    int probes) {

  public CircuitBreakerSettings {
    Checks.between("circuitBreaker.consecutiveFailures", consecutiveFailures, 1, 1000);
    if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
      throw new io.genport.core.domain.InvalidRequestException(
          "circuitBreaker.failureRateThreshold", "must be in (0, 1], was " + failureRateThreshold);
    }
    Checks.between("circuitBreaker.minimumCalls", minimumCalls, 1, 100_000);
    Checks.positive("circuitBreaker.window", window);
    Checks.positive("circuitBreaker.baseCooldown", baseCooldown);
    Checks.positive("circuitBreaker.maxCooldown", maxCooldown);
    if (maxCooldown.compareTo(baseCooldown) < 0) {
      throw new io.genport.core.domain.InvalidRequestException(
          "circuitBreaker.maxCooldown",
          "must be at least circuitBreaker.baseCooldown ("
              + baseCooldown
              + "), was "
              + maxCooldown);
    }
    Checks.between("circuitBreaker.probes", probes, 1, 100);
  }

  /** Five in a row or 50% of at least 20 calls in 60 s; 30 s doubling to 5 min; 3 probes. */
  public static CircuitBreakerSettings defaults() {
    return builder().build();
  }

  /** Never opens. */
  public static CircuitBreakerSettings disabled() {
    return builder().enabled(false).build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    return new Builder()
        .enabled(enabled)
        .consecutiveFailures(consecutiveFailures)
        .failureRateThreshold(failureRateThreshold)
        .minimumCalls(minimumCalls)
        .window(window)
        .baseCooldown(baseCooldown)
        .maxCooldown(maxCooldown)
        .probes(probes);
  }

  /** Mutable, not thread-safe builder; {@link #build()} validates. */
  public static final class Builder {
    private boolean enabled = true;
    private int consecutiveFailures = 5;
    private double failureRateThreshold = 0.5;
    private int minimumCalls = 20;
    private Duration window = Duration.ofSeconds(60);
    private Duration baseCooldown = Duration.ofSeconds(30);
    private Duration maxCooldown = Duration.ofMinutes(5);
    private int probes = 3;

    private Builder() {}

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder consecutiveFailures(int consecutiveFailures) {
      this.consecutiveFailures = consecutiveFailures;
      return this;
    }

    public Builder failureRateThreshold(double failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
      return this;
    }

    public Builder minimumCalls(int minimumCalls) {
      this.minimumCalls = minimumCalls;
      return this;
    }

    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    public Builder baseCooldown(Duration baseCooldown) {
      this.baseCooldown = baseCooldown;
      return this;
    }

    public Builder maxCooldown(Duration maxCooldown) {
      this.maxCooldown = maxCooldown;
      return this;
    }

    public Builder probes(int probes) {
      this.probes = probes;
      return this;
    }

    public CircuitBreakerSettings build() {
      return new CircuitBreakerSettings(
          enabled,
          consecutiveFailures,
          failureRateThreshold,
          minimumCalls,
          window,
          baseCooldown,
          maxCooldown,
          probes);
    }
  }
}
