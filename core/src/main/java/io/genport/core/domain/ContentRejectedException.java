package io.genport.core.domain;

/** The vendor refused the prompt or the output on content grounds. Never retried. */
public class ContentRejectedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  public ContentRejectedException(String message, Throwable cause) {
    super(message, cause);
  }

  public ContentRejectedException(String message) {
    this(message, null);
  }

  @Override
  public FailureClass failureClass() {
    return FailureClass.CONTENT_REJECTED;
  }
}
