package io.genport.core.domain;

import java.time.Duration;

/**
 * A transient vendor failure (5xx, 429, connection reset, timeout). The call may be retried or
 * failed over, subject to {@link #accepted()} and {@link #ambiguous()}.
 */
public class RetryableProviderException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;
  private final boolean ambiguous;

  /**
   * @param message what happened, without credentials
   * @param retryAfter the vendor's {@code Retry-After}, or {@code null}
   * @param ambiguous true when the request may have reached the vendor (reset or timeout after the
   *     body was sent), so a resubmission could bill twice
   * @param cause the underlying cause, or {@code null}
   */
  public RetryableProviderException(
      String message, Duration retryAfter, boolean ambiguous, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
    this.ambiguous = ambiguous;
  }

  public RetryableProviderException(String message) {
    this(message, null, false, null);
  }

  /** How long the vendor asked us to wait, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether the vendor may have received and acted on the request. */
  public boolean ambiguous() {
    return ambiguous;
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.RETRYABLE;
  }
}
