package io.genport.bootstrap.thirdparty;

import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import java.util.Set;

/**
 * A third-party provider that exists only in tests, shipped as its own "jar": the class path root
 * {@code thirdparty/} of the test resources holds its {@code META-INF/services} files, for this
 * factory and for {@link PixelForgeSimulatorFactory}. Nothing in the application names it.
 *
 * <p>Configuration: {@code base-url} (default {@code https://api.pixelforge.invalid/v1}).
 * Credential: {@value #CREDENTIAL}.
 */
public final class PixelForgeProviderFactory implements ProviderFactory {
  /** The provider name. */
  public static final String NAME = "pixelforge";

  /** The credential the provider looks up. */
  public static final String CREDENTIAL = "PIXELFORGE_TOKEN";

  /** The class path root that plays the plugin jar, relative to the test class path. */
  public static final String JAR_ROOT = "thirdparty/";

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
    return "PixelForge, a third-party plugin";
  }

  @Override
  public Set<String> credentialNames() {
    return Set.of(CREDENTIAL);
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    return new PixelForgeProvider(
        ModelCatalog.fromResource(getClass(), "catalog.json"),
        config.uri("base-url", "https://api.pixelforge.invalid/v1"),
        context);
  }
}
