package io.genport.archfixtures.providerforbidden.provider.alpha;

import org.apache.hc.client5.http.impl.classic.HttpClients;

/** Invalid: a provider opens its own HttpClient instead of using the spi's HttpTransport. */
public final class AlphaUsingHttpClient {
  public String call() throws Exception {
    try (var client = HttpClients.createDefault()) {
      return client.toString();
    }
  }
}
