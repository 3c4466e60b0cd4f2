package io.genport.provider.replicate;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import java.time.Duration;

/**
 * Discovers the Cog provider ({@code cog}): a self-hosted Cog prediction server, no credential.
 * Configuration:
 *
 * <ul>
 *   <li>{@code base-url} (required, no default): the server, e.g. {@code http://localhost:5000};
 *       env {@code GENPORT_COG_BASE_URL};
 *   <li>{@code timeout-seconds}: how long one synchronous prediction may take, default 600;
 *   <li>{@code download-allow}: hosts that uploaded outputs may be fetched from over plain http or
 *       at private addresses.
 * </ul>
 *
 * <p>Targets are {@code cog:<catalog id>} (the server runs a model with that entry's inputs, e.g.
 * {@code cog:flux-schnell}) or {@code cog:generic}.
 */
public final class CogProviderFactory implements ProviderFactory {
  @Override
  public String name() {
    return CogProvider.NAME;
  }

  @Override
  public int requiredSpiVersion() {
    return Spi.SPI_VERSION;
  }

  @Override
  public String description() {
    return "self-hosted Cog prediction server (synchronous /predictions)";
  }

  @Override
  public java.util.Set<String> requiredConfigKeys() {
    return java.util.Set.of("base-url");
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    if (config.get("base-url", null) == null) {
      throw new InvalidRequestException(
          "base-url",
          "the cog provider needs base-url, the address of your Cog server, e.g."
              + " http://localhost:5000 (or set GENPORT_COG_BASE_URL)");
    }
    int timeout = ReplicateProviderFactory.integer(config, "timeout-seconds", 600, 1, 24 * 3600);
    return new CogProvider(
        ModelCatalog.fromResource(CogProviderFactory.class, ReplicateProviderFactory.CATALOG)
            .withConfiguredModels(config),
        context,
        config.uri("base-url", null),
        Duration.ofSeconds(timeout),
        DownloadPolicy.allowing(config.get("download-allow", null)));
  }
}
