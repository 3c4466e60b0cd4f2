package io.genport.archfixtures.compliant.provider.beta;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import io.genport.archfixtures.compliant.spi.ProviderFactory;
import io.genport.archfixtures.compliant.spi.http.HttpTransport;
import java.util.concurrent.CompletableFuture;

/** A second provider, independent of the first. */
public final class BetaProviderFactory implements ProviderFactory {
  @Override
  public ImageGenerator create(JsonNode config, HttpTransport transport) {
    return prompt -> CompletableFuture.completedFuture(new byte[0]);
  }
}
