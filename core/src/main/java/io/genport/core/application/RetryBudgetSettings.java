package io.genport.core.application;

/**
 * A retry budget per target, a token bucket in the style of gRPC retry throttling (proposal A6) and
 * Envoy's retry budgets: it bounds the extra load that retries and hedges put on a struggling
 * vendor, across all calls of a router.
 *
 * <p>The bucket starts full with {@code maxTokens}, an advance on what the target will earn: every
 * first submit of a part to the target earns {@code tokenRatio} tokens, which first repay the
 * advance and then fill the bucket (never above {@code maxTokens}); every retry or hedge to it
 * takes one whole token, and is allowed only while one is there. So, however long a vendor fails,
 * it sees at most {@code tokenRatio} extra submits per first submit, or {@code maxTokens} extra
 * submits while it has seen few calls: with the defaults, at most 1.1 times the calls once there
 * are 100 of them, and up to 10 retries before that. A first submit is never refused by the budget.
 * When the budget refuses a retry, the router fails over instead.
 *
 * @param tokenRatio tokens earned per first submit, in (0, 1]; default 0.1 (10% extra load)
 * @param maxTokens the bucket's size and its initial content (the retries a target may take before
 *     its first submits have earned them), 1..1,000,000; default 10
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
