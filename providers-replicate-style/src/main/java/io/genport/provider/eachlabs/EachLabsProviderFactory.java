package io.genport.provider.eachlabs;

import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.time.Duration;

/**
 * Discovers the Each Labs provider ({@code eachlabs}). Options: {@code base-url} (a bare origin
 * gets {@code /v1}), {@code poll-interval} (default {@code 1s}), {@code download-allow}.
 */
public final class EachLabsProviderFactory extends CatalogProviderFactory {
  /** The provider's name. */
  public static final String NAME = "eachlabs";

  /** The credential's name; its value goes in {@value #KEY_HEADER}. */
  public static final String CREDENTIAL = "EACHLABS_API_KEY";

  /** The header that carries the key. */
  public static final String KEY_HEADER = "X-API-Key";

  /** The catalog resource, next to this class, as Class.getResource resolves it. */
  public static final String CATALOG = "eachlabs-catalog.json";

  /** The real API base, with its version. */
  public static final String DEFAULT_BASE_URL = "https://api.eachlabs.ai/v1";

  /** The API version path a configured bare origin gets. */
  static final String API_PATH = "/v1";

  public EachLabsProviderFactory() {
    super(
        new VendorIdentity(
            NAME,
            "Each Labs",
            "Each Labs predictions API",
            CredentialScheme.header(
                CREDENTIAL, KEY_HEADER, " (create a key at eachlabs.ai, API Keys)"),
            CATALOG));
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    return new EachLabsProtocol(
        setup.baseUrl("base-url", DEFAULT_BASE_URL, API_PATH),
        setup.duration("poll-interval", Duration.ofSeconds(1)),
        setup.lookup(),
        setup.context().json(),
        setup.failures());
  }
}
