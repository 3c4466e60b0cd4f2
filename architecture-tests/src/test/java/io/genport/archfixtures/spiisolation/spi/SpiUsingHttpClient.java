package io.genport.archfixtures.spiisolation.spi;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** Invalid: the spi names HttpClient instead of its own HttpTransport port. */
public interface SpiUsingHttpClient {
  CloseableHttpClient client();
}
