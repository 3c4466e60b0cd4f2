package io.genport.archfixtures.spiallowlist.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.archfixtures.spiallowlist.core.domain.Request;
import io.genport.archfixtures.spiallowlist.core.port.Provider;
import io.genport.archfixtures.spiallowlist.spi.http.Transport;
import org.slf4j.LoggerFactory;

/** Valid: JDK, slf4j, jackson, core.domain, core.port and spi. */
public final class CleanSpi {
  public Provider create(Request request, Transport transport) {
    LoggerFactory.getLogger(CleanSpi.class).debug("{}", new ObjectMapper().valueToTree(request));
    return null;
  }
}
