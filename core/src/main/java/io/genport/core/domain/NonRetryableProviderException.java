package io.genport.core.domain;

/** A permanent vendor failure: authentication, unknown model, validation, billing. */
public class NonRetryableProviderException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;

  /**
   * @param message what happened and, where known, how to fix it; never a credential
   * @param httpStatus the vendor's HTTP status, or 0 when there was none
   * @param cause the underlying cause, or {@code null}
   */
  public NonRetryableProviderException(String message, int httpStatus, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  public NonRetryableProviderException(String message) {
    this(message, 0, null);
  }

  /** The vendor answered with {@code httpStatus} and the failure is permanent. */
  public static NonRetryableProviderException withStatus(String message, int httpStatus) {
    return new NonRetryableProviderException(message, httpStatus, null);
  }

  /** A permanent failure with no HTTP status, caused by {@code cause} (a bug, a broken plugin). */
  public static NonRetryableProviderException causedBy(String message, Throwable cause) {
    return new NonRetryableProviderException(message, 0, cause);
  }

  /** The vendor's HTTP status, or 0. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.NOT_RETRYABLE;
  }
}
