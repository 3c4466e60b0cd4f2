package ${package};

import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.time.Duration;

/**
 * The ${vendorClass} provider: who the vendor is and how its options are read. Registered in {@code
 * META-INF/services/io.genport.spi.ProviderFactory}; the host finds it on the class path or in the
 * {@code genport} plugins folder.
 */
public final class ${vendorClass}ProviderFactory extends CatalogProviderFactory {
  /** The credential the provider sends, as the environment variable a user sets. */
  public static final String CREDENTIAL = "${vendor.toUpperCase()}_API_KEY";

  /** The catalog of models, a class-loader path. */
  public static final String CATALOG = "${vendor}-catalog.json";

  /** The API unless {@code base-url} ({@code GENPORT_${vendor.toUpperCase()}_BASE_URL}) says otherwise. */
  public static final String DEFAULT_BASE_URL = "https://api.${vendor}.example/v1";

  public ${vendorClass}ProviderFactory() {
    super(
        new VendorIdentity(
            "${vendor}",
            "${vendorClass}",
            "${vendorClass} image generation API",
            CredentialScheme.bearer(CREDENTIAL, " (create an API key in your ${vendorClass} account)"),
            CATALOG));
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    return new ${vendorClass}Protocol(
        setup.lookup(),
        setup.failures(),
        setup.context().json(),
        setup.baseUrl("base-url", DEFAULT_BASE_URL, "/v1"),
        setup.duration("poll-interval", Duration.ofMillis(500)));
  }
}
