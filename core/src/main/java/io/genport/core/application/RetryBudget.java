package io.genport.core.application;

/**
 * The token bucket of {@link RetryBudgetSettings} for one target. Thread-safe (every method locks
 * the instance). Counts in millionths of a token, so ten deposits of 0.1 make exactly one token.
 */
final class RetryBudget {
  private static final long UNIT = 1_000_000L;

  private final long max;
  private final long ratio;
  private long micros;

  RetryBudget(RetryBudgetSettings settings) {
    this.max = settings.maxTokens() * UNIT;
    this.ratio = Math.max(1, Math.round(settings.tokenRatio() * UNIT));
    this.micros = max;
  }

  /** A first submit was made: earn {@code tokenRatio}. */
  synchronized void deposit() {
    micros = Math.min(max, micros + ratio);
  }

  /** Takes one token for a retry or hedge; false (and nothing taken) when there is none. */
  synchronized boolean tryWithdraw() {
    if (micros >= UNIT) {
      micros -= UNIT;
      return true;
    }
    return false;
  }

  /** Gives back a token taken for a retry or hedge that was not sent after all. */
  synchronized void refund() {
    micros = Math.min(max, micros + UNIT);
  }

  /** The tokens in the bucket. */
  synchronized double tokens() {
    return (double) micros / UNIT;
  }
}
