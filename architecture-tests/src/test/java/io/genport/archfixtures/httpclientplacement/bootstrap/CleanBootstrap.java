package io.genport.archfixtures.httpclientplacement.bootstrap;

import io.genport.archfixtures.httpclientplacement.transport.httpclient5.HttpClient5Transport;

/** Valid: bootstrap wires the transport adapter without touching HttpClient itself. */
public final class CleanBootstrap {
  public HttpClient5Transport transport;
}
