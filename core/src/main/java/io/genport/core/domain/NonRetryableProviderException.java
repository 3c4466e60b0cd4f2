package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

/**
 * A permanent vendor failure: authentication, unknown model, validation, billing. Its {@link
 * #reason()} says whether the target cannot serve (so the next target of a route may) or nothing
 * says so (the call ends).
 */
public class NonRetryableProviderException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;
  private final FailureReason reason;

  /**
   * @param message what happened and, where known, how to fix it; never a credential
   * @param httpStatus the vendor's HTTP status, or 0 when there was none
   * @param cause the underlying cause, or {@code null}
   * @param reason why it happened; {@link FailureReason#UNSPECIFIED} unless the failure is known to
   *     be the target's alone
   */
  public NonRetryableProviderException(
      String message, int httpStatus, Throwable cause, FailureReason reason) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.reason = requireNonNull(reason, "reason is null");
  }

  /**
   * A failure with {@link FailureReason#UNSPECIFIED} reason.
   *
   * @param message what happened and, where known, how to fix it; never a credential
   * @param httpStatus the vendor's HTTP status, or 0 when there was none
   * @param cause the underlying cause, or {@code null}
   */
  public NonRetryableProviderException(String message, int httpStatus, Throwable cause) {
    this(message, httpStatus, cause, FailureReason.UNSPECIFIED);
  }

  /** A failure with no HTTP status and {@link FailureReason#UNSPECIFIED} reason. */
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

  /**
   * The target cannot serve, for {@code reason}: a router moves on to the next target at once.
   *
   * @param reason why; not {@link FailureReason#UNSPECIFIED}
   * @param message what happened and how to fix it; never a credential
   * @param httpStatus the vendor's HTTP status, or 0 when nothing was sent
   */
  public static NonRetryableProviderException targetCannotServe(
      FailureReason reason, String message, int httpStatus) {
    if (!reason.targetCannotServe()) {
      throw new IllegalArgumentException(reason + " does not say the target cannot serve");
    }
    return new NonRetryableProviderException(message, httpStatus, null, reason);
  }

  /** The vendor's HTTP status, or 0. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Why the failure happened; {@link FailureReason#UNSPECIFIED} when nothing says. */
  public FailureReason reason() {
    return reason;
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.NOT_RETRYABLE;
  }
}
