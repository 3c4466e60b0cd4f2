package io.genport.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderLoader;

/**
 * Starts the host: discovers provider plugins once and creates the one injector. The command line
 * calls {@link #start} once per process.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * Discovers the providers visible to the settings' class loader and creates the injector.
   *
   * @throws io.genport.core.domain.InvalidRequestException when two plugins share a name and the
   *     configuration does not choose one; the message says how to choose
   */
  public static Injector createInjector(BootstrapSettings settings) {
    EnvironmentConfiguration configuration = new EnvironmentConfiguration(settings.environment());
    LoadedProviders loaded =
        ProviderLoader.load(settings.classLoader(), configuration.factorySelections());
    return Guice.createInjector(
        Stage.PRODUCTION, new GenportModule(settings, configuration, loaded));
  }

  /** {@link #createInjector} and the runtime the command line works with. */
  public static GenportRuntime start(BootstrapSettings settings) {
    return createInjector(settings).getInstance(GenportRuntime.class);
  }
}
