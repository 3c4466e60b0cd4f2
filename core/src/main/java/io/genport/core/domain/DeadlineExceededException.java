package io.genport.core.domain;

/**
 * The call's end-to-end deadline passed. If a vendor had accepted the job, {@link #handle()} can be
 * resumed later; the job was not submitted again and may still finish (and bill) at the vendor.
 */
public final class DeadlineExceededException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final String handle;

  /**
   * @param message what was still pending
   * @param handle a resumable job handle, or {@code null} when nothing was accepted
   */
  public DeadlineExceededException(String message, String handle) {
    super(message, null);
    this.handle = handle;
  }

  /** A handle to resume polling with, or {@code null}. */
  public String handle() {
    return handle;
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.RETRYABLE;
  }
}
