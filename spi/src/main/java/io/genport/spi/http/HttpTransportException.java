package io.genport.spi.http;

/**
 * A transport-level failure: refused connection, reset, timeout, oversized body. Unchecked, so it
 * can complete a future. The message never contains header values.
 *
 * @since 1
 */
public class HttpTransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean requestSent;

  /**
   * @param message what happened
   * @param requestSent true when the request (or part of it) may have reached the server, which
   *     makes a resubmission ambiguous
   * @param cause the cause, or {@code null}
   */
  public HttpTransportException(String message, boolean requestSent, Throwable cause) {
    super(message, cause);
    this.requestSent = requestSent;
  }

  /** Whether the server may have received the request. */
  public boolean requestSent() {
    return requestSent;
  }
}
