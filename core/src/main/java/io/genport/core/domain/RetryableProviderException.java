package io.genport.core.domain;

import java.time.Duration;

/**
 * A transient vendor failure (5xx, 429, connection reset, timeout). The call may be retried or
 * failed over; when it is {@link #ambiguous()}, a vendor may already hold a job for it, so a
 * resubmission could bill twice. Build one with the factory that names what happened: {@link
 * #answered}, {@link #ambiguous(String, Throwable)} or {@link #notReceived}.
 */
public class RetryableProviderException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;
  private final boolean ambiguous;

  /**
   * Prefer the named factories, which say what the flag means.
   *
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

  /**
   * The vendor answered and refused for now (429, 5xx, a transient job failure): the request did
   * not take effect, so it is never ambiguous.
   *
   * @param retryAfter the vendor's {@code Retry-After}, or {@code null}
   */
  public static RetryableProviderException answered(String message, Duration retryAfter) {
    return new RetryableProviderException(message, retryAfter, false, null);
  }

  /**
   * The request may have reached the vendor and taken effect (a reset after it was written, an
   * answer that names no job), so a resubmission could bill twice.
   */
  public static RetryableProviderException ambiguous(String message, Throwable cause) {
    return new RetryableProviderException(message, null, true, cause);
  }

  /** The request cannot have taken effect (refused connection, a failure of an idempotent poll). */
  public static RetryableProviderException notReceived(String message, Throwable cause) {
    return new RetryableProviderException(message, null, false, cause);
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
