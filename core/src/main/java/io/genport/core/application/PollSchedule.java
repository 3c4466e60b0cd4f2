package io.genport.core.application;

import java.time.Duration;

/**
 * When the router asks a vendor for an accepted job's status: the first poll {@code first} after
 * the acceptance, each later wait {@code growth} times the one before, never longer than the
 * provider's steady interval ({@link io.genport.core.port.ImageProvider#pollInterval}, one second
 * by default). A job that ends at once is seen within a quarter second; a long job is polled about
 * once per steady interval. While the provider's push channel ({@link
 * io.genport.core.port.ImageProvider#endSignal}) is open, the router polls once on the schedule
 * (for a job that ended before the channel listened) and then only every {@code whileSignalled}, as
 * a safety net for an event lost in the channel.
 *
 * @param first the wait before the first poll; positive
 * @param growth the factor from one wait to the next; at least 1
 * @param whileSignalled the wait between polls while a push channel is open; positive
 */
public record PollSchedule(Duration first, double growth, Duration whileSignalled) {

  /**
   * 250 ms, growing by 1.2 (250, 300, 360, 432, 518, 622, 746, 896 ms, then the provider's steady
   * interval, reached about 5 s into the job): dense while most image jobs end (a poll at most
   * every 0.6 s for the first 3 s), about one per steady interval over a long job (34 polls over 30
   * s, 64 over a minute with the default 1 s).
   */
  public static final PollSchedule DEFAULT =
      new PollSchedule(Duration.ofMillis(250), 1.2, Duration.ofSeconds(5));

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
    double micros = first.toNanos() / 1000.0 * Math.pow(growth, Math.max(0, polls));
    // Whole microseconds: 250 ms x 1.2^2 is 360 ms, not a nanosecond less from rounding.
    Duration grown =
        micros >= Long.MAX_VALUE / 1000
            ? Duration.ofNanos(Long.MAX_VALUE)
            : Duration.ofNanos(Math.round(micros) * 1000);
    return steady != null && steady.compareTo(grown) < 0 ? steady : grown;
  }
}
