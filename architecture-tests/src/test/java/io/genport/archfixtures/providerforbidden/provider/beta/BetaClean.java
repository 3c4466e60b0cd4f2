package io.genport.archfixtures.providerforbidden.provider.beta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.archfixtures.providerforbidden.spi.http.Transport;

/** Valid: the spi's transport and jackson. */
public final class BetaClean {
  public void send(Transport transport, ObjectNode body) {
    transport.post(body.toString());
  }
}
