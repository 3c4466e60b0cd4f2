package io.genport.archfixtures.httpclientplacement.transport.httpclient5;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;

/** Valid: HttpClient in the transport adapter. */
public final class HttpClient5Transport {
  public CloseableHttpAsyncClient client;
}
