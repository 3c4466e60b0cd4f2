package io.genport.archfixtures.compliant.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import io.genport.archfixtures.compliant.spi.http.HttpTransport;

/** Toolkit: spi, core.port and jackson, shared by the providers. */
public interface JobEngine {
  ImageGenerator engine(JsonNode protocol, HttpTransport transport);
}
