package io.genport.core.application;

import java.time.Duration;

/**
 * When the router asks a vendor for an accepted job's status: the first poll {@code first} after
 * the acceptance, each later wait {@code growth} times the one before, never longer than the
 * provider's steady interval ({@link io.genport.core.port.ImageProvider#pollInterval}, one second
 * by default). A job that ends at once is seen within a quarter second; a long job is polled about
 * once per steady interval. While the provider's push channel ({@link
 * io.genport.core.port.ImageProvider#endSignal}) is open, the router polls only every {@code
 * whileSignalled}, as a safety net for an event lost in the channel.
 *
 * @param first the wait before the first poll; positive
 * @param growth the factor from one wait to the next; at least 1
 * @param whileSignalled the wait between polls while a push channel is open; positive
 */
public record PollSchedule(Duration first, double growth, Duration whileSignalled) {

  /** 250 ms, growing by 1.5 (250, 375, 563, 844 ms, then the provider's steady interval). */
  public static final PollSchedule DEFAULT =
      new PollSchedule(Duration.ofMillis(250), 1.5, Duration.ofSeconds(5));

  public PollSchedule {
    Checks.positive("first", first);
    Checks.positive("whileSignalled", whileSignalled);
    if (!(growth >= 1) || Double.isInfinite(growth)) {
      throw new IllegalArgumentException("growth must be a finite number >= 1, was " + growth);
    }
  }

  /**
   * The wait before poll number {@code polls + 1} ({@code polls} made so far), capped by the
   * provider's {@code steady} interval; a zero or negative {@code steady} means at once.
   */
  public Duration wait(int polls, Duration steady) {
    if (steady != null && (steady.isNegative() || steady.isZero())) {
      return Duration.ZERO;
    }
    double nanos = first.toNanos() * Math.pow(growth, Math.max(0, polls));
    Duration grown =
        nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos((long) nanos);
    return steady != null && steady.compareTo(grown) < 0 ? steady : grown;
  }
}
