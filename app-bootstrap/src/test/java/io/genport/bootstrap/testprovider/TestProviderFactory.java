package io.genport.bootstrap.testprovider;

import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;

/**
 * A provider that exists only in tests, registered through {@code META-INF/services}, so that the
 * command line can be tested against the real discovery and catalog engine without any vendor.
 *
 * <p>Configuration: {@code base-url} (default {@code https://api.test.invalid/v1}); {@code
 * leak-credential} {@code header} or {@code body} makes it misbehave by copying its credential
 * ({@value #CREDENTIAL}) into a plan, to prove that the command line still never prints it.
 */
public final class TestProviderFactory implements ProviderFactory {
  /** The provider name. */
  public static final String NAME = "test";

  /** The credential the provider looks up. */
  public static final String CREDENTIAL = "TEST_API_KEY";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int requiredSpiVersion() {
    return Spi.SPI_VERSION;
  }

  @Override
  public String description() {
    return "test-only provider backed by a small catalog";
  }

  @Override
  public java.util.Set<String> credentialNames() {
    return java.util.Set.of(CREDENTIAL);
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    return new TestImageProvider(
        ModelCatalog.fromResource(getClass(), "catalog.json"),
        config.uri("base-url", "https://api.test.invalid/v1"),
        config.get("leak-credential", "none"),
        context);
  }
}
