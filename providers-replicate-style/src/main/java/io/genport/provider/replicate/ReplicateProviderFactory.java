package io.genport.provider.replicate;

import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discovers the Replicate provider ({@code replicate}). Credential {@code REPLICATE_API_TOKEN}.
 * Configuration:
 *
 * <ul>
 *   <li>{@code base-url}: default {@code https://api.replicate.com/v1}; a bare origin gets {@code
 *       /v1}, a URL with a path is taken as given; env {@code GENPORT_REPLICATE_BASE_URL};
 *   <li>{@code wait}: the seconds of {@code Prefer: wait=N} on create, 1..60, default 60; {@code 0}
 *       sends no {@code Prefer} header and always polls;
 *   <li>{@code poll-interval-ms}: pause between status polls, default 1000;
 *   <li>{@code download-allow}: comma-separated hosts that result downloads may reach over plain
 *       http or at private addresses (simulators, proxies);
 *   <li>{@code model-spec.<owner>/<name>}: a catalog id whose parameter table serves that model,
 *       e.g. {@code model-spec.alice/my-flux=flux-lora-finetune} for a FLUX LoRA fine-tune.
 * </ul>
 */
public final class ReplicateProviderFactory extends CatalogProviderFactory {
  /** The provider's name, the prefix of its targets. */
  public static final String NAME = "replicate";

  /** The credential: a Replicate API token, sent as {@code Authorization: Bearer}. */
  public static final String CREDENTIAL = "REPLICATE_API_TOKEN";

  /** The catalog resource, shared with {@link CogProviderFactory}. */
  public static final String CATALOG = "replicate-catalog.json";

  static final String SPEC_PREFIX = "model-spec.";

  public ReplicateProviderFactory() {
    super(
        new VendorIdentity(
            NAME,
            "Replicate",
            "Replicate predictions (Prefer: wait, then polling)",
            CredentialScheme.bearer(
                CREDENTIAL, " (create a token at replicate.com/account/api-tokens)"),
            CATALOG));
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    URI base = setup.baseUrl("base-url", "https://api.replicate.com/v1", "/v1");
    int wait = setup.integer("wait", 60, 0, 60);
    Duration poll = setup.millis("poll-interval-ms", Duration.ofSeconds(1), 600_000);
    ModelCatalog catalog = setup.catalog();
    Map<String, String> aliases = new LinkedHashMap<>();
    setup
        .config()
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
    return new ReplicateProtocol(setup.lookup(), base, wait, aliases, poll, setup.failures());
  }
}
