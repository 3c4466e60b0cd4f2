package io.genport.archfixtures.compliant.transport.httpclient5;

import io.genport.archfixtures.compliant.spi.http.HttpTransport;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;

/** Transport adapter: the one place HttpClient appears. */
public final class HttpClient5Transport implements HttpTransport {
  private final CloseableHttpAsyncClient client;

  public HttpClient5Transport(CloseableHttpAsyncClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<byte[]> post(URI uri, byte[] body) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(client.toString()));
  }
}
