package io.genport.provider.fal;

import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.net.URI;
import java.util.List;

/** Discovers the fal.ai provider. */
public final class FalProviderFactory extends CatalogProviderFactory {
  /** The catalog resource, next to this class, as Class.getResource resolves it. */
  public static final String CATALOG = "fal-catalog.json";

  /** The credential's name: fal's key, sent as {@code Authorization: Key <key>}. */
  public static final String CREDENTIAL = "FAL_KEY";

  public FalProviderFactory() {
    super(
        new VendorIdentity(
            "fal",
            "fal",
            "fal.ai queue and sync APIs",
            new CredentialScheme(
                CREDENTIAL, "Authorization", "Key ", " (get a key at fal.ai/dashboard/keys)"),
            CATALOG));
  }

  /**
   * Options: {@code base-url} (the {@code fal.run} host), {@code queue-url} and {@code mode}
   * ({@code queue} or {@code sync}). fal has no path prefix: a configured URL is taken as given.
   */
  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    URI sync = setup.baseUrl("base-url", "https://fal.run", "");
    URI queue = setup.baseUrl("queue-url", "https://queue.fal.run", "");
    String mode = setup.choice("mode", "queue", List.of("queue", "sync"));
    return new FalProtocol(setup.lookup(), sync, queue, mode.equals("sync"), setup.failures());
  }
}
