package io.genport.core.domain;

/**
 * The one unchecked root of every GenPort failure. Subclasses are split by what the caller should
 * do; {@link #failureClass()} says the same as a value. Messages never contain credentials.
 */
public abstract class GenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected GenerationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What the caller should do about this failure. */
  public abstract FailureClass failureClass();
}
