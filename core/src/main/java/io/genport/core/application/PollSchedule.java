package io.genport.core.application;

import java.time.Duration;

/**
 * When the router asks a vendor for an accepted job's status.
 *
 * <p>The base schedule: the first poll {@code first} after the acceptance, each later wait {@code
 * growth} times the one before, never longer than the provider's steady interval ({@link
 * io.genport.core.port.ImageProvider#pollInterval}, one second by default). A job that ends at once
 * is seen within a quarter second; a long job is polled about once per steady interval.
 *
 * <p>Learned from the target's recent jobs: the router keeps, per target (provider and model), when
 * its last 64 successful jobs ended, counted from the acceptance (the midpoint between the last
 * poll that saw the job running and the poll that saw it end, or the moment the vendor's push
 * channel said it ended). Once five have ended, their 10th to 90th percentile is the target's
 * {@link EndWindow}, where four in five of its jobs end, and the schedule bends around it:
 *
 * <ul>
 *   <li>before the window, the base schedule, except that no wait runs past the window's start: a
 *       poll comes right there;
 *   <li>inside it, polls spaced evenly from its start to its end, at most {@code first} apart but
 *       no closer than the window's width divided by {@code densePolls}: a job in the window where
 *       its target's jobs end is seen within about half a spacing of its end, and a target whose
 *       jobs spread widely is not polled densely (each job gets at most about {@code densePolls}
 *       polls more than the base schedule would give it);
 *   <li>after it, the base schedule (by then usually the steady interval).
 * </ul>
 *
 * A target whose jobs end at once has a window near zero and its jobs are polled almost at once.
 * Over a long job the extra polls are at most about {@code densePolls}, so the rate still tends to
 * one per steady interval. The rules are deterministic, from the history alone.
 *
 * <p>A provider's zero steady interval (it has news to hand over) still means at once, a vendor's
 * {@code Retry-After} still lengthens the next wait, and while the provider's push channel ({@link
 * io.genport.core.port.ImageProvider#endSignal}) is open the router polls once on the schedule (for
 * a job that ended before the channel listened) and then only every {@code whileSignalled}, as a
 * safety net for an event lost in the channel.
 *
 * @param first the wait before the first poll, and the widest spacing inside the end window;
 *     positive
 * @param growth the factor from one wait to the next; at least 1
 * @param whileSignalled the wait between polls while a push channel is open; positive
 * @param densePolls the most polls spread over a target's end window, bounding the extra polls per
 *     job; 0 turns the learned and the assumed window off (the base schedule alone); 0 to 1000
 * @param assumedEnd the end of the window every target is also polled by, learned or not (from
 *     {@code first} to it; see {@link #assumedWindow()}); zero for none
 */
public record PollSchedule(
    Duration first, double growth, Duration whileSignalled, int densePolls, Duration assumedEnd) {

  /** Most image jobs end within ten seconds of their acceptance. */
  public static final Duration DEFAULT_ASSUMED_END = Duration.ofSeconds(10);

  /** The most polls spread over an end window by default. */
  public static final int DEFAULT_DENSE_POLLS = 20;

  /**
   * 250 ms, growing by 1.2 (250, 300, 360, 432, 518, 622, 746, 896 ms, then the provider's steady
   * interval, reached about 5 s into the job), bent around the target's learned end window with at
   * most 20 polls over it, and around the {@linkplain #assumedWindow() assumed one} (polls at most
   * about 0.49 s apart up to 10 s): with no history, 40 polls over a 30 s job and 70 over a minute
   * with the default 1 s.
   */
  public static final PollSchedule DEFAULT =
      new PollSchedule(
          Duration.ofMillis(250),
          1.2,
          Duration.ofSeconds(5),
          DEFAULT_DENSE_POLLS,
          DEFAULT_ASSUMED_END);

  public PollSchedule {
    Checks.positive("first", first);
    Checks.positive("whileSignalled", whileSignalled);
    if (!(growth >= 1) || Double.isInfinite(growth)) {
      throw new IllegalArgumentException("growth must be a finite number >= 1, was " + growth);
    }
    Checks.set("assumedEnd", assumedEnd);
    if (assumedEnd.isNegative()) {
      throw new IllegalArgumentException("assumedEnd must not be negative, was " + assumedEnd);
    }
    if (densePolls < 0 || densePolls > 1000) {
      throw new IllegalArgumentException(
          "densePolls must be 0 (no learned window) to 1000, was " + densePolls);
    }
  }

  /**
   * The window assumed for every target, learned or not: from the first poll to {@code assumedEnd}
   * ({@code null} when that is zero or {@code densePolls} is 0). Most image jobs end within ten
   * seconds; with the defaults the polls there are about half a second apart, as the vendors' own
   * clients poll, so the first jobs of a router (every job of a one-off command) are not seen a
   * whole second late, and a job ending outside its target's learned window neither; after it, the
   * base schedule.
   */
  public EndWindow assumedWindow() {
    return densePolls == 0 || first.compareTo(assumedEnd) >= 0
        ? null
        : new EndWindow(first, assumedEnd);
  }

  /**
   * The base schedule with the learned window at {@link #DEFAULT_DENSE_POLLS} and the assumed one
   * to {@link #DEFAULT_ASSUMED_END}.
   */
  public PollSchedule(Duration first, double growth, Duration whileSignalled) {
    this(first, growth, whileSignalled, DEFAULT_DENSE_POLLS);
  }

  /** A schedule whose assumed window ends at {@link #DEFAULT_ASSUMED_END}. */
  public PollSchedule(Duration first, double growth, Duration whileSignalled, int densePolls) {
    this(first, growth, whileSignalled, densePolls, DEFAULT_ASSUMED_END);
  }

  /**
   * Where a target's jobs usually end, counted from the acceptance: from the 10th to the 90th
   * percentile of its recent ends.
   *
   * @param from the window's start; not negative
   * @param to the window's end; not before {@code from}
   */
  public record EndWindow(Duration from, Duration to) {
    public EndWindow {
      Checks.set("from", from);
      Checks.set("to", to);
      if (from.isNegative()) {
        throw new IllegalArgumentException("from must not be negative, was " + from);
      }
      if (to.compareTo(from) < 0) {
        throw new IllegalArgumentException(
            "to (" + to + ") must not be before from (" + from + ")");
      }
    }

    /** How long the window lasts. */
    public Duration width() {
      return to.minus(from);
    }
  }

  /**
   * The wait before poll number {@code polls + 1} ({@code polls} made so far) on the base schedule,
   * capped by the provider's {@code steady} interval; a zero or negative {@code steady} means at
   * once.
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

  /**
   * The wait before poll number {@code polls + 1} of a job accepted {@code elapsed} ago, whose
   * target's jobs usually end in {@code window}: the base schedule bent around the window and
   * around the {@linkplain #assumedWindow() assumed one}, whichever polls sooner. A {@code null}
   * window (no history yet) leaves the assumed one; a {@code null} elapsed time (a resumed job
   * whose acceptance is unknown) or {@code densePolls} 0 gives the base schedule.
   */
  public Duration wait(int polls, Duration steady, Duration elapsed, EndWindow window) {
    Duration base = wait(polls, steady);
    if (elapsed == null || densePolls == 0 || base.isZero()) {
      return base;
    }
    return min(bend(base, elapsed, window), bend(base, elapsed, assumedWindow()));
  }

  /** {@code base} bent around {@code window} (none: {@code base}). */
  private Duration bend(Duration base, Duration elapsed, EndWindow window) {
    if (window == null) {
      return base;
    }
    if (elapsed.compareTo(window.from()) < 0) {
      return min(base, window.from().minus(elapsed));
    }
    if (elapsed.compareTo(window.to()) >= 0) {
      return base;
    }
    return min(base, spacing(window));
  }

  /**
   * The spacing of the polls inside {@code window}: the width split into as few equal steps as keep
   * each at most the dense interval, max({@code first}, width / {@code densePolls}), so that a poll
   * falls on the window's end as well as on its start.
   */
  Duration spacing(EndWindow window) {
    long width = window.width().toNanos();
    long dense = Math.max(first.toNanos(), width / densePolls);
    if (width <= dense) {
      return Duration.ofNanos(Math.max(1, width));
    }
    long steps = (width + dense - 1) / dense;
    return Duration.ofNanos(width / steps);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
