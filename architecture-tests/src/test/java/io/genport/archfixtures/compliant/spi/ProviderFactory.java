package io.genport.archfixtures.compliant.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import io.genport.archfixtures.compliant.spi.http.HttpTransport;

/** Spi: core.port, jackson, its own transport port. */
public interface ProviderFactory {
  ImageGenerator create(JsonNode config, HttpTransport transport);
}
