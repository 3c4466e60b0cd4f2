package io.genport.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.genport.facade.EnvironmentConfiguration;
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
    return createInjector(settings, discover(settings));
  }

  /**
   * Creates the injector over providers that were already discovered with {@link
   * #discover(BootstrapSettings)}, so that a command that looked at them first does not discover
   * (and report broken plugins) twice.
   */
  public static Injector createInjector(BootstrapSettings settings, LoadedProviders loaded) {
    EnvironmentConfiguration configuration = new EnvironmentConfiguration(settings.environment());
    return Guice.createInjector(
        Stage.PRODUCTION, new GenportModule(settings, configuration, loaded));
  }

  /**
   * Discovers the providers visible to the settings' class loader, honouring the factory selections
   * of the settings' environment.
   *
   * @throws io.genport.core.domain.InvalidRequestException when two plugins share a name and the
   *     configuration does not choose one
   */
  public static LoadedProviders discover(BootstrapSettings settings) {
    return ProviderLoader.load(
        settings.classLoader(),
        new EnvironmentConfiguration(settings.environment()).factorySelections());
  }

  /** {@link #createInjector} and the runtime the command line works with. */
  public static GenportRuntime start(BootstrapSettings settings) {
    return createInjector(settings).getInstance(GenportRuntime.class);
  }

  /**
   * The runtime over providers that were already discovered, wired by hand rather than by an
   * injector: the same objects {@link GenportModule} binds, for the commands that only plan, whose
   * start an injector would dominate. See {@link GenportModule#runtimeWithoutInjector()}.
   */
  public static GenportRuntime startWithoutInjector(
      BootstrapSettings settings, LoadedProviders loaded) {
    EnvironmentConfiguration configuration = new EnvironmentConfiguration(settings.environment());
    return new GenportModule(settings, configuration, loaded).runtimeWithoutInjector();
  }

  /** The runtime over providers that were already discovered. */
  public static GenportRuntime start(BootstrapSettings settings, LoadedProviders loaded) {
    return createInjector(settings, loaded).getInstance(GenportRuntime.class);
  }
}
