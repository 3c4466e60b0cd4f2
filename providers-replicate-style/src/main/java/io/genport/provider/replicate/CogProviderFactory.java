package io.genport.provider.replicate;

import io.genport.core.domain.InvalidRequestException;
import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Discovers the Cog provider ({@code cog}): a self-hosted Cog prediction server, no credential.
 * Configuration:
 *
 * <ul>
 *   <li>{@code base-url} (required, no default): the server, e.g. {@code http://localhost:5000},
 *       taken as given; env {@code GENPORT_COG_BASE_URL};
 *   <li>{@code timeout-seconds}: how long one synchronous prediction may take, default 600;
 *   <li>{@code download-allow}: hosts that uploaded outputs may be fetched from over plain http or
 *       at private addresses.
 * </ul>
 *
 * <p>Targets are {@code cog:<catalog id>} (the server runs a model with that entry's inputs, e.g.
 * {@code cog:flux-schnell}) or {@code cog:generic}.
 */
public final class CogProviderFactory extends CatalogProviderFactory {
  /** The provider's name, the prefix of its targets. */
  public static final String NAME = "cog";

  public CogProviderFactory() {
    super(
        new VendorIdentity(
            NAME,
            NAME,
            "self-hosted Cog prediction server (synchronous /predictions)",
            CredentialScheme.none(),
            ReplicateProviderFactory.CATALOG));
  }

  /** A Cog server has no public address: without {@code base-url} there is nothing to call. */
  @Override
  public Set<String> requiredConfigKeys() {
    return Set.of("base-url");
  }

  /** Every catalog entry is a target, {@code generic} included. */
  @Override
  protected List<String> models(ProviderSetup setup) {
    return List.copyOf(setup.catalog().models().keySet());
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    if (setup.optional("base-url") == null) {
      throw new InvalidRequestException(
          "base-url",
          "the cog provider needs base-url, the address of your Cog server, e.g."
              + " http://localhost:5000 (or set GENPORT_COG_BASE_URL)");
    }
    int timeout = setup.integer("timeout-seconds", 600, 1, 24 * 3600);
    return new CogProtocol(
        setup.catalog(),
        setup.baseUrl("base-url", null, ""),
        Duration.ofSeconds(timeout),
        setup.failures());
  }
}
