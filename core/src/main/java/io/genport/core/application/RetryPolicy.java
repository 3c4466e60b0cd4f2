package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the router retries a submit that failed before the vendor accepted it (connection refused,
 * 5xx, 429) on the same target before failing over. Immutable; build one with {@link #builder()}.
 *
 * <p>The wait before retry {@code n} (n = 1 for the first retry) is drawn uniformly from {@code [0,
 * min(maxBackoff, initialBackoff * multiplier^(n-1))]} ("full jitter"). A vendor's {@code
 * Retry-After} lengthens it: the router waits at least that long, as long as it is at most {@code
 * retryAfterCap}; a longer {@code Retry-After} is not slept: the router fails over at once. A retry
 * that would end past the call's deadline is not made either. Status polls of an accepted job are
 * not governed by this policy: they are idempotent and repeated at the provider's poll interval.
 *
 * @param maxAttempts submits per target and part, the first included, 1..10; 1 turns retries off;
 *     default 3
 * @param initialBackoff the backoff ceiling of the first retry; default 500 ms
 * @param maxBackoff the largest backoff ceiling, at least {@code initialBackoff}; default 20 s
 * @param multiplier growth of the ceiling per retry, 1..10; default 2
 * @param retryAfterCap the longest {@code Retry-After} the router sleeps for; default 60 s
 * @param budget the retry budget per target
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    Duration retryAfterCap,
    RetryBudgetSettings budget) {

  /** Default submits per target and part. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** Most submits per target and part that can be configured. */
  public static final int MAX_ATTEMPTS_LIMIT = 10;

  public RetryPolicy {
    Checks.between("retry.maxAttempts", maxAttempts, 1, MAX_ATTEMPTS_LIMIT);
    Checks.notNegative("retry.initialBackoff", initialBackoff);
    Checks.notNegative("retry.maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new io.genport.core.domain.InvalidRequestException(
          "retry.maxBackoff",
          "must be at least retry.initialBackoff (" + initialBackoff + "), was " + maxBackoff);
    }
    Checks.between("retry.multiplier", multiplier, 1.0, 10.0);
    Checks.notNegative("retry.retryAfterCap", retryAfterCap);
    Checks.set("retry.budget", budget);
  }

  /** Three attempts per target, 500 ms doubling to 20 s, Retry-After up to 60 s, 10% budget. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** One attempt per target: failures fail over (or end the call) at once. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's values. */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialBackoff(initialBackoff)
        .maxBackoff(maxBackoff)
        .multiplier(multiplier)
        .retryAfterCap(retryAfterCap)
        .budget(budget);
  }

  /**
   * The ceiling of the full-jitter backoff before retry {@code retry} (1 for the first retry): the
   * wait is drawn from {@code [0, ceiling]}.
   */
  public Duration backoffCeiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1");
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1.0);
    double max = maxBackoff.toNanos();
    return Duration.ofNanos((long) Math.min(nanos, max));
  }

  /** Mutable, not thread-safe builder; {@link #build()} validates. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(20);
    private double multiplier = 2.0;
    private Duration retryAfterCap = Duration.ofSeconds(60);
    private RetryBudgetSettings budget = RetryBudgetSettings.defaults();

    private Builder() {}

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    public Builder retryAfterCap(Duration retryAfterCap) {
      this.retryAfterCap = retryAfterCap;
      return this;
    }

    public Builder budget(RetryBudgetSettings budget) {
      this.budget = requireNonNull(budget, "budget is null");
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(
          maxAttempts, initialBackoff, maxBackoff, multiplier, retryAfterCap, budget);
    }
  }
}
