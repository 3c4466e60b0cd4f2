package io.genport.provider.oxen;

import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.net.URI;
import java.util.List;

/**
 * Discovers the Oxen.ai provider ({@code oxen}). Options: {@code base-url} (a bare origin gets
 * {@code /api/ai}), {@code mode} ({@code queue} or {@code sync}), {@code response-format} ({@code
 * url} or {@code b64_json}, sync only), {@code target-namespace}, {@code download-allow}.
 */
public final class OxenProviderFactory extends CatalogProviderFactory {
  static final String CREDENTIAL = "OXEN_API_KEY";

  /** The catalog resource, next to this class, as Class.getResource resolves it. */
  public static final String CATALOG = "oxen-catalog.json";

  /** The API base unless {@code base-url} says otherwise. */
  public static final String DEFAULT_BASE_URL = "https://hub.oxen.ai/api/ai";

  public OxenProviderFactory() {
    super(
        new VendorIdentity(
            "oxen",
            "Oxen.ai",
            "Oxen.ai inference API (async queue and sync)",
            CredentialScheme.bearer(
                CREDENTIAL, " (create an API key in your oxen.ai account settings)"),
            CATALOG));
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    URI base = setup.baseUrl("base-url", DEFAULT_BASE_URL, "/api/ai");
    String mode = setup.choice("mode", "queue", List.of("queue", "sync"));
    String format = setup.choice("response-format", "url", List.of("url", "b64_json"));
    return new OxenProtocol(
        setup.lookup(),
        setup.failures(),
        setup.context().json(),
        base,
        mode.equals("sync"),
        format.equals("b64_json"),
        setup.optional("target-namespace"));
  }
}
