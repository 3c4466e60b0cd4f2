package io.genport.archfixtures.spiisolation.core.port;

import io.genport.archfixtures.spiisolation.core.domain.Request;

/** Target of {@code CleanSpi}. */
public interface Provider {
  void submit(Request request);
}
