package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A token bucket: {@code permits} requests per {@code per}, with up to {@code burst} saved up.
 *
 * @param permits requests per period, at least 1
 * @param per the period, positive and at most a day
 * @param burst the bucket's capacity: how many requests may go at once after a quiet spell, at
 *     least 1
 */
public record RateLimit(int permits, Duration per, int burst) {
  public RateLimit {
    requireNonNull(per, "per is null");
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit permits must be at least 1, was " + permits);
    }
    if (per.isNegative() || per.isZero() || per.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "rate limit period must be positive and at most a day, was " + per);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("rate limit burst must be at least 1, was " + burst);
    }
  }

  /** {@code permits} per second with a burst of a tenth of a second's worth (at least 1). */
  public static RateLimit perSecond(int permits) {
    return new RateLimit(permits, Duration.ofSeconds(1), Math.max(1, permits / 10));
  }

  /** The time one token takes to come back, in nanoseconds. */
  public double nanosPerToken() {
    return (double) per.toNanos() / permits;
  }
}
