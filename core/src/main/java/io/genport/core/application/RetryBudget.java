package io.genport.core.application;

/**
 * The token bucket of {@link RetryBudgetSettings} for one target. Thread-safe (every method locks
 * the instance). Counts in millionths of a token, so ten deposits of 0.1 make exactly one token.
 *
 * <p>The bucket starts full, but its first {@code maxTokens} are an advance on what the target's
 * first submits will earn, not a gift on top of it: deposits repay the advance before they add
 * tokens. So the retries a target ever sees are at most the larger of {@code maxTokens} and {@code
 * tokenRatio} times its first submits. A bucket that was a gift would let a target that sees few
 * first submits (a fallback reached only by parts that failed elsewhere, whose retries are always
 * in demand) take {@code maxTokens} retries beyond its share: 10 extra on 150 first submits is 7%
 * more load than the ratio allows.
 */
final class RetryBudget {
  private static final long UNIT = 1_000_000L;

  private final long max;
  private final long ratio;
  private long micros;

  /** What is left to repay of the initial advance. */
  private long advance;

  RetryBudget(RetryBudgetSettings settings) {
    this.max = settings.maxTokens() * UNIT;
    this.ratio = Math.max(1, Math.round(settings.tokenRatio() * UNIT));
    this.micros = max;
    this.advance = max;
  }

  /** A first submit was made: earn {@code tokenRatio}, which first repays the advance. */
  synchronized void deposit() {
    long earned = ratio;
    if (advance > 0) {
      long repaid = Math.min(advance, earned);
      advance -= repaid;
      earned -= repaid;
    }
    micros = Math.min(max, micros + earned);
  }

  /** Takes one token for a retry or hedge; false (and nothing taken) when there is none. */
  synchronized boolean tryWithdraw() {
    return tryWithdraw(false);
  }

  /**
   * Takes one token; with {@code keepReserve} only when half the bucket ({@code maxTokens / 2}
   * whole tokens) is left after it. False, and nothing taken, otherwise.
   */
  synchronized boolean tryWithdraw(boolean keepReserve) {
    long floor = keepReserve ? (max / UNIT / 2) * UNIT : 0;
    if (micros - UNIT >= floor) {
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
