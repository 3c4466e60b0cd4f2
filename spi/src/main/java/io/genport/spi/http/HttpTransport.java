package io.genport.spi.http;

import java.util.concurrent.CompletableFuture;

/**
 * Sends HTTP requests. Implementations MUST be thread-safe, MUST NOT retry on their own (the core
 * owns the one retry loop), and MUST NOT log header values of {@link
 * HttpRequest#sensitiveHeaders()}.
 *
 * @since 1
 */
@FunctionalInterface
public interface HttpTransport {

  /**
   * Sends {@code request}. The future completes when the status line and headers have arrived; the
   * body is streamed through {@link HttpResponse#body()} and the caller MUST close the response. It
   * fails with {@link HttpTransportException} for transport-level problems.
   */
  CompletableFuture<HttpResponse> send(HttpRequest request);
}
