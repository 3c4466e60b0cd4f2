package io.genport.archfixtures.guiceplacement.transport.httpclient5;

import com.google.inject.Inject;

/** Invalid: an adapter annotated for Guice. */
public final class TransportWithInject {
  @Inject
  public TransportWithInject() {}
}
