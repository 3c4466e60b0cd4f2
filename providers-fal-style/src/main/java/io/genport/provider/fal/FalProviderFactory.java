package io.genport.provider.fal;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import java.net.URI;

/** Discovers the fal.ai provider. */
public final class FalProviderFactory implements ProviderFactory {
  /** The catalog resource, relative to this module's class loader. */
  public static final String CATALOG = "io/genport/provider/fal/fal-catalog.json";

  @Override
  public String name() {
    return FalProvider.NAME;
  }

  @Override
  public int requiredSpiVersion() {
    return Spi.SPI_VERSION;
  }

  @Override
  public String description() {
    return "fal.ai queue and sync APIs";
  }

  @Override
  public java.util.Set<String> credentialNames() {
    return java.util.Set.of(FalProvider.CREDENTIAL);
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    URI sync = config.uri("base-url", "https://fal.run");
    URI queue = config.uri("queue-url", "https://queue.fal.run");
    String mode = config.get("mode", "queue");
    if (!mode.equals("queue") && !mode.equals("sync")) {
      throw new InvalidRequestException(
          "mode", "'" + mode + "' is not a fal mode; allowed: queue, sync");
    }
    return new FalProvider(
        ModelCatalog.fromResource(FalProviderFactory.class, CATALOG).withConfiguredModels(config),
        context,
        sync,
        queue,
        mode.equals("sync"),
        DownloadPolicy.allowing(config.get("download-allow", null)));
  }
}
