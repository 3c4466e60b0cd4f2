package io.genport.provider.oxen;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import java.net.URI;

/** Discovers the Oxen.ai provider. */
public final class OxenProviderFactory implements ProviderFactory {
  /** The catalog resource, relative to this module's class loader. */
  public static final String CATALOG = "io/genport/provider/oxen/oxen-catalog.json";

  /** The API base unless {@code base-url} says otherwise. */
  public static final String DEFAULT_BASE_URL = "https://hub.oxen.ai/api/ai";

  @Override
  public String name() {
    return OxenProvider.NAME;
  }

  @Override
  public int requiredSpiVersion() {
    return Spi.SPI_VERSION;
  }

  @Override
  public String description() {
    return "Oxen.ai inference API (async queue and sync)";
  }

  @Override
  public java.util.Set<String> credentialNames() {
    return java.util.Set.of(OxenProvider.CREDENTIAL);
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    URI base = config.uri("base-url", DEFAULT_BASE_URL);
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new InvalidRequestException(
          "base-url", "'" + base + "' must not have a query or fragment");
    }
    String mode = config.get("mode", "queue");
    if (!mode.equals("queue") && !mode.equals("sync")) {
      throw new InvalidRequestException(
          "mode", "'" + mode + "' is not an Oxen mode; allowed: queue, sync");
    }
    String format = config.get("response-format", "url");
    if (!format.equals("url") && !format.equals("b64_json")) {
      throw new InvalidRequestException(
          "response-format",
          "'" + format + "' is not an Oxen response format; allowed: url, b64_json");
    }
    return new OxenProvider(
        ModelCatalog.fromResource(OxenProviderFactory.class, CATALOG).withConfiguredModels(config),
        context,
        base,
        mode.equals("sync"),
        format.equals("b64_json"),
        config.get("target-namespace", null),
        DownloadPolicy.allowing(config.get("download-allow", null)));
  }
}
