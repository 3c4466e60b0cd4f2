package io.genport.archfixtures.compliant.provider.alpha;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import io.genport.archfixtures.compliant.spi.ProviderFactory;
import io.genport.archfixtures.compliant.spi.http.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Provider: spi, core, jackson. */
public final class AlphaProviderFactory implements ProviderFactory {
  @Override
  public ImageGenerator create(JsonNode config, HttpTransport transport) {
    URI uri = URI.create(config.path("endpoint").asText());
    return prompt -> transport.post(uri, prompt.text().getBytes(StandardCharsets.UTF_8));
  }
}
