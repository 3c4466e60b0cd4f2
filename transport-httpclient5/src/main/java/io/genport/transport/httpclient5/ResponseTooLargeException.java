package io.genport.transport.httpclient5;

import io.genport.spi.http.HttpTransportException;

/**
 * A response body grew past {@link HttpClient5Settings#maxResponseBytes()}. Thrown by the body
 * stream, either as soon as a {@code Content-Length} above the cap arrives or when the received
 * bytes pass it; the exchange has been aborted and its connection discarded by then. The request
 * was sent, so {@link #requestSent()} is always true.
 *
 * @since 1
 */
public final class ResponseTooLargeException extends HttpTransportException {
  private static final long serialVersionUID = 1L;
  private final long maxBytes;

  /**
   * @param target a description of the exchange without query string or header values
   * @param maxBytes the cap that was exceeded
   */
  public ResponseTooLargeException(String target, long maxBytes) {
    super(target + ": response body exceeds the cap of " + maxBytes + " bytes", true, null);
    this.maxBytes = maxBytes;
  }

  /** The cap that was exceeded, in bytes. */
  public long maxBytes() {
    return maxBytes;
  }
}
