package io.genport.provider.replicate;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discovers the Replicate provider ({@code replicate}). Credential {@code REPLICATE_API_TOKEN}.
 * Configuration:
 *
 * <ul>
 *   <li>{@code base-url}: default {@code https://api.replicate.com} (a trailing {@code /v1} is
 *       ignored); env {@code GENPORT_REPLICATE_BASE_URL};
 *   <li>{@code wait}: the seconds of {@code Prefer: wait=N} on create, 1..60, default 60; {@code 0}
 *       sends no {@code Prefer} header and always polls;
 *   <li>{@code poll-interval-ms}: pause between status polls, default 1000;
 *   <li>{@code download-allow}: comma-separated hosts that result downloads may reach over plain
 *       http or at private addresses (simulators, proxies);
 *   <li>{@code model-spec.<owner>/<name>}: a catalog id whose parameter table serves that model,
 *       e.g. {@code model-spec.alice/my-flux=flux-lora-finetune} for a FLUX LoRA fine-tune.
 * </ul>
 */
public final class ReplicateProviderFactory implements ProviderFactory {
  /** The catalog resource, shared with {@link CogProviderFactory}. */
  public static final String CATALOG = "io/genport/provider/replicate/replicate-catalog.json";

  static final String SPEC_PREFIX = "model-spec.";

  @Override
  public String name() {
    return ReplicateProvider.NAME;
  }

  @Override
  public int requiredSpiVersion() {
    return Spi.SPI_VERSION;
  }

  @Override
  public String description() {
    return "Replicate predictions (Prefer: wait, then polling)";
  }

  @Override
  public java.util.Set<String> credentialNames() {
    return java.util.Set.of(ReplicateProvider.CREDENTIAL);
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    URI base = withoutV1(config.uri("base-url", "https://api.replicate.com"));
    int wait = integer(config, "wait", 60, 0, 60);
    int pollMs = integer(config, "poll-interval-ms", 1000, 0, 600_000);
    ModelCatalog catalog =
        ModelCatalog.fromResource(ReplicateProviderFactory.class, CATALOG)
            .withConfiguredModels(config);
    Map<String, String> aliases = new LinkedHashMap<>();
    config
        .values()
        .forEach(
            (k, v) -> {
              if (k.startsWith(SPEC_PREFIX)) {
                String id = v.strip();
                if (catalog.find(id) == null) {
                  throw new InvalidRequestException(
                      k,
                      "'"
                          + id
                          + "' is not a Replicate catalog model; known: "
                          + String.join(", ", catalog.models().keySet()));
                }
                aliases.put(k.substring(SPEC_PREFIX.length()), id);
              }
            });
    return new ReplicateProvider(
        catalog,
        context,
        base,
        wait,
        aliases,
        Duration.ofMillis(pollMs),
        DownloadPolicy.allowing(config.get("download-allow", null)));
  }

  static URI withoutV1(URI base) {
    String s = base.toString();
    return s.endsWith("/v1") ? URI.create(s.substring(0, s.length() - 3)) : base;
  }

  static int integer(ProviderConfig config, String key, int fallback, int min, int max) {
    String v = config.get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          key, "'" + v + "' is not a whole number between " + min + " and " + max);
    }
  }
}
