package io.genport.bootstrap;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import io.genport.spi.http.HttpTransportException;
import java.util.concurrent.CompletableFuture;

/**
 * A transport that never sends. {@code genport explain} promises no network access; wiring this in
 * makes that promise hold even for a plugin that tries to reach its vendor while planning.
 */
public final class OfflineTransport implements HttpTransport {

  @Override
  public CompletableFuture<HttpResponse> send(HttpRequest request) {
    // Only method and host: the path or query could carry something a user would not want echoed.
    return CompletableFuture.failedFuture(
        new HttpTransportException(
            "this command does no network access; refused "
                + request.method()
                + " to "
                + request.uri().getHost(),
            false,
            null));
  }

  @Override
  public String toString() {
    return "OfflineTransport";
  }
}
