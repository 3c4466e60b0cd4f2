package io.genport.archfixtures.httpclientplacement.bootstrap;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** Invalid: even bootstrap, which may see every module, must not use HttpClient directly. */
public final class BootstrapUsingHttpClient {
  public CloseableHttpClient client;
}
