package io.genport.core.application;

/**
 * A retry budget per target, a token bucket in the style of gRPC retry throttling (proposal A6) and
 * Envoy's retry budgets: it bounds the extra load that retries and hedges put on a struggling
 * vendor, across all calls of a router.
 *
 * <p>The bucket starts full with {@code maxTokens}. Every first submit of a part to the target adds
 * {@code tokenRatio} tokens (never above {@code maxTokens}); every retry or hedge to it takes one
 * whole token, and is allowed only while one is there. So, however long a vendor fails, it sees at
 * most {@code tokenRatio} extra submits per first submit, plus a burst of {@code maxTokens}: with
 * the defaults, at most 1.1 times the calls plus 10. A first submit is never refused by the budget.
 * When the budget refuses a retry, the router fails over instead.
 *
 * @param tokenRatio tokens earned per first submit, in (0, 1]; default 0.1 (10% extra load)
 * @param maxTokens the bucket's size and initial content (the floor of retries always available
 *     after a quiet period), 1..1,000,000; default 10
 */
public record RetryBudgetSettings(double tokenRatio, int maxTokens) {
  /** Default share of extra load: 10%. */
  public static final double DEFAULT_TOKEN_RATIO = 0.1;

  /** Default bucket size. */
  public static final int DEFAULT_MAX_TOKENS = 10;

  /** Largest accepted bucket. */
  public static final int MAX_TOKENS_LIMIT = 1_000_000;

  public RetryBudgetSettings {
    if (!(tokenRatio > 0 && tokenRatio <= 1)) {
      throw new io.genport.core.domain.InvalidRequestException(
          "retry.budget.tokenRatio", "must be in (0, 1], was " + tokenRatio);
    }
    Checks.between("retry.budget.maxTokens", maxTokens, 1, MAX_TOKENS_LIMIT);
  }

  /** 10% extra load with a burst of 10. */
  public static RetryBudgetSettings defaults() {
    return new RetryBudgetSettings(DEFAULT_TOKEN_RATIO, DEFAULT_MAX_TOKENS);
  }

  /** A budget so large it never refuses (for tests and single-caller tools). */
  public static RetryBudgetSettings unlimited() {
    return new RetryBudgetSettings(1, MAX_TOKENS_LIMIT);
  }
}
