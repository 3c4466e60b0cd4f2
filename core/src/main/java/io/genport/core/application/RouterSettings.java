package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The policy of a {@link GenerationRouter}: values only, so configuration files map onto it
 * one-to-one. Immutable; build one with {@link #builder()}. Host services (clock, sleeper,
 * executor, random source) are given to {@link GenerationRouter.Builder} instead.
 *
 * @param deadline the end-to-end limit of one call, covering every submit, retry, backoff, poll and
 *     failover; default 10 min
 * @param retry how submits are retried on one target before failing over
 * @param circuitBreaker the circuit breaker kept per target
 * @param hedging whether and when to hedge slow submits (off by default)
 * @param resubmitAmbiguous whether a submit whose outcome is ambiguous (timeout or reset after it
 *     was sent) may be sent again, to the same or the next target; the result is then marked as a
 *     possible duplicate. Default false: the call ends with the ambiguous failure
 * @param failoverOnContentRejection whether a content rejection of a submit fails over to the next
 *     target instead of ending the call (a target with other moderation may accept the prompt); a
 *     rejection of an accepted job still ends the call. Default false
 * @param pollTimeout how long one status poll of an accepted job may stay unanswered before the
 *     router polls again (polls are idempotent; the job is never submitted again); the unanswered
 *     poll is still waited for, and the first of the polls in flight to answer is used; default 30
 *     s
 * @param pollSchedule when accepted jobs are polled; {@link PollSchedule#DEFAULT} by default
 */
public record RouterSettings(
    Duration deadline,
    RetryPolicy retry,
    CircuitBreakerSettings circuitBreaker,
    HedgingSettings hedging,
    boolean resubmitAmbiguous,
    boolean failoverOnContentRejection,
    Duration pollTimeout,
    PollSchedule pollSchedule) {

  /** The default end-to-end deadline. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

  /** The default wait for one status poll. */
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(30);

  public RouterSettings {
    Checks.positive("deadline", deadline);
    Checks.set("retry", retry);
    Checks.set("circuitBreaker", circuitBreaker);
    Checks.set("hedging", hedging);
    Checks.positive("pollTimeout", pollTimeout);
    Checks.set("pollSchedule", pollSchedule);
  }

  /**
   * 10 min deadline, {@link RetryPolicy#defaults()}, {@link CircuitBreakerSettings#defaults()}, no
   * hedging, ambiguous submits and content rejections end the call, a status poll is given 30 s.
   */
  public static RouterSettings defaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    return new Builder()
        .deadline(deadline)
        .retry(retry)
        .circuitBreaker(circuitBreaker)
        .hedging(hedging)
        .resubmitAmbiguous(resubmitAmbiguous)
        .failoverOnContentRejection(failoverOnContentRejection)
        .pollTimeout(pollTimeout)
        .pollSchedule(pollSchedule);
  }

  /** A copy with another deadline. */
  public RouterSettings withDeadline(Duration deadline) {
    return toBuilder().deadline(deadline).build();
  }

  /** Mutable, not thread-safe builder; {@link #build()} validates. */
  public static final class Builder {
    private Duration deadline = DEFAULT_DEADLINE;
    private RetryPolicy retry = RetryPolicy.defaults();
    private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.defaults();
    private HedgingSettings hedging = HedgingSettings.disabled();
    private boolean resubmitAmbiguous;
    private boolean failoverOnContentRejection;
    private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
    private PollSchedule pollSchedule = PollSchedule.DEFAULT;

    private Builder() {}

    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry is null");
      return this;
    }

    public Builder circuitBreaker(CircuitBreakerSettings circuitBreaker) {
      this.circuitBreaker = requireNonNull(circuitBreaker, "circuitBreaker is null");
      return this;
    }

    public Builder hedging(HedgingSettings hedging) {
      this.hedging = requireNonNull(hedging, "hedging is null");
      return this;
    }

    public Builder resubmitAmbiguous(boolean resubmitAmbiguous) {
      this.resubmitAmbiguous = resubmitAmbiguous;
      return this;
    }

    public Builder failoverOnContentRejection(boolean failoverOnContentRejection) {
      this.failoverOnContentRejection = failoverOnContentRejection;
      return this;
    }

    public Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = pollTimeout;
      return this;
    }

    public Builder pollSchedule(PollSchedule pollSchedule) {
      this.pollSchedule = requireNonNull(pollSchedule, "pollSchedule is null");
      return this;
    }

    public RouterSettings build() {
      return new RouterSettings(
          deadline,
          retry,
          circuitBreaker,
          hedging,
          resubmitAmbiguous,
          failoverOnContentRejection,
          pollTimeout,
          pollSchedule);
    }
  }
}
