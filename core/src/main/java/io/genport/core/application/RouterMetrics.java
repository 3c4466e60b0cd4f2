package io.genport.core.application;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.Target;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link GenerationRouter} reports for monitoring: calls, attempts (with their latency per
 * target), retries, failovers, hedges, circuit state changes and cost. Every method has a no-op
 * default, so an implementation overrides only what it records; {@link #NONE} records nothing.
 *
 * <p>Methods are called on the router's worker threads (and, for a call that fails before any work
 * starts, on the caller's), concurrently for concurrent calls; an implementation must be
 * thread-safe and quick, and must not block. An exception it throws is logged and ignored: metrics
 * never change how a call ends.
 */
public interface RouterMetrics {

  /** Records nothing. */
  RouterMetrics NONE = new RouterMetrics() {};

  /** How a call ended. */
  enum CallOutcome {
    /** It returned images. */
    SUCCEEDED,
    /** It failed with an error. */
    FAILED,
    /** Its deadline passed (accepted jobs may still be running at the vendor). */
    DEADLINE_EXCEEDED,
    /** The caller cancelled it. */
    CANCELLED
  }

  /** A call started: a new request, or a handle being resumed. */
  default void callStarted() {}

  /**
   * A call ended.
   *
   * @param outcome how it ended
   * @param latency from its start to its end, on the router's clock
   * @param costs what it cost, summed per currency, as the vendors reported it; empty when none
   *     reported a cost or the call did not succeed
   */
  default void callEnded(CallOutcome outcome, Duration latency, List<Cost> costs) {}

  /**
   * One attempt at a target ended: it produced images, failed, or was skipped before sending.
   * {@link Attempt#target()}, {@link Attempt#outcome()} and {@link Attempt#latency()} give the
   * per-target counts and latency.
   */
  default void attemptEnded(Attempt attempt) {}

  /** A submit to {@code target} failed and will be retried on it. */
  default void retried(Target target) {}

  /** A call part leaves {@code from} for {@code to}. */
  default void failedOver(Target from, Target to) {}

  /** A hedge: a slow attempt at {@code target} got a parallel attempt at {@code hedge}. */
  default void hedged(Target target, Target hedge) {}

  /**
   * The circuit of {@code target} changed state, as observed when an attempt at it ended or was
   * skipped (an open circuit whose cooldown ended is seen as half-open then).
   */
  default void circuitChanged(Target target, CircuitState from, CircuitState to) {}
}
