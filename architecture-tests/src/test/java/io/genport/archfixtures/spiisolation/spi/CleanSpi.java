package io.genport.archfixtures.spiisolation.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.archfixtures.spiisolation.core.domain.Request;
import io.genport.archfixtures.spiisolation.core.port.Provider;
import org.slf4j.Logger;

/** Valid: core.domain, core.port, jackson, slf4j and the JDK. */
public interface CleanSpi {
  Provider create(JsonNode config, Logger log);

  JsonNode translate(Request request);
}
