package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Host services and limits for {@link GenerationService}.
 *
 * @param clock where time comes from (inject a fixed or fake clock in tests)
 * @param sleeper how to wait between polls (inject a fake in tests)
 * @param executor runs the per-part start-and-poll loops; they block between polls
 * @param deadline end-to-end limit for one request, covering start and every poll
 */
public record GenerationSettings(
    Clock clock, Sleeper sleeper, Executor executor, Duration deadline) {
  /** The default end-to-end deadline. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

  public GenerationSettings {
    requireNonNull(clock, "clock is null");
    requireNonNull(sleeper, "sleeper is null");
    requireNonNull(executor, "executor is null");
    requireNonNull(deadline, "deadline is null");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive");
    }
  }

  /** System clock, real sleeps, a shared daemon thread pool, the default deadline. */
  public static GenerationSettings defaults() {
    return new GenerationSettings(
        Clock.systemUTC(), Sleeper.SYSTEM, DaemonExecutor.INSTANCE, DEFAULT_DEADLINE);
  }

  /** A copy with another deadline. */
  public GenerationSettings withDeadline(Duration deadline) {
    return new GenerationSettings(clock, sleeper, executor, deadline);
  }
}
