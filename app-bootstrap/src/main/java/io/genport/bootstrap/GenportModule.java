package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import io.genport.core.port.Sleeper;
import io.genport.facade.EnvironmentConfiguration;
import io.genport.facade.ProviderRegistry;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The Guice wiring of the host. Immutable: everything it binds is decided by its constructor
 * arguments, so installing it twice binds the same things.
 *
 * <p>Binds a {@code Map<String, ProviderFactory>} (a {@link MapBinder} keyed by {@link
 * ProviderFactory#name()}) from providers that were discovered once, before the injector exists;
 * the {@link ProviderContext} that every provider gets; and the {@link ProviderRegistry}.
 *
 * <p>The transport comes from the settings: {@link OfflineTransport} for {@code explain}, which
 * must not reach the network, and a real one for {@code generate}.
 */
public final class GenportModule extends AbstractModule {
  private final BootstrapSettings settings;
  private final EnvironmentConfiguration configuration;
  private final LoadedProviders loaded;

  /**
   * @param settings where configuration and credentials come from
   * @param configuration the environment configuration read from {@code settings}
   * @param loaded the result of the one provider discovery
   */
  public GenportModule(
      BootstrapSettings settings, EnvironmentConfiguration configuration, LoadedProviders loaded) {
    this.settings = requireNonNull(settings, "settings is null");
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.loaded = requireNonNull(loaded, "loaded is null");
  }

  @Override
  protected void configure() {
    MapBinder<String, ProviderFactory> factories =
        MapBinder.newMapBinder(binder(), String.class, ProviderFactory.class);
    loaded.factories().forEach((name, factory) -> factories.addBinding(name).toInstance(factory));
    bind(LoaderProblems.class).toInstance(loaderProblems());
    bind(EnvironmentConfiguration.class).toInstance(configuration);
    RedactingCredentials credentials = credentials();
    bind(RedactingCredentials.class).toInstance(credentials);
    bind(Credentials.class).toInstance(credentials);
    bind(HttpTransport.class).toInstance(settings.transport());
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(Sleeper.class).toInstance(Sleeper.SYSTEM);
    bind(FleetConnection.class).toInstance(fleet());
  }

  /**
   * The runtime an injector over this module gives, built by calling the same methods in the same
   * way, without an injector: for the commands that only plan ({@code explain}, {@code models},
   * {@code providers}), whose whole run is shorter than creating one. {@code generate} and the
   * other commands that reach a vendor use the injector.
   */
  GenportRuntime runtimeWithoutInjector() {
    RedactingCredentials credentials = credentials();
    ObjectMapper json = json();
    ProviderContext context =
        providerContext(
            settings.transport(),
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            credentials,
            json,
            random(),
            configuration);
    return new GenportRuntime(
        providerRegistry(loaded.factories(), context, configuration),
        loaderProblems(),
        json,
        credentials,
        fleet());
  }

  private LoaderProblems loaderProblems() {
    return new LoaderProblems(loaded.problems());
  }

  private RedactingCredentials credentials() {
    return new RedactingCredentials(
        settings.credentials(), ProviderSetup.declaredCredentialNames(loaded.factories().values()));
  }

  private FleetConnection fleet() {
    return new FleetConnection(settings.environment(), settings.classLoader());
  }

  @Provides
  @Singleton
  ObjectMapper json() {
    return new ObjectMapper();
  }

  @Provides
  @Singleton
  RandomGenerator random() {
    // java.util.Random is documented thread-safe; the context's services are shared by all
    // requests, and seeds drawn here need no cryptographic quality.
    return new Random();
  }

  /** The facade's registry: the command line and library users create providers the same way. */
  @Provides
  @Singleton
  ProviderRegistry providerRegistry(
      Map<String, ProviderFactory> factories,
      ProviderContext context,
      EnvironmentConfiguration configuration) {
    return new ProviderRegistry(factories, context, configuration);
  }

  @Provides
  @Singleton
  ProviderContext providerContext(
      HttpTransport transport,
      Clock clock,
      Sleeper sleeper,
      Credentials credentials,
      ObjectMapper json,
      RandomGenerator random,
      EnvironmentConfiguration configuration) {
    ProviderContext context =
        ProviderContext.of(transport, clock, sleeper, credentials, json, random);
    // GENPORT_IMAGE_DIR (or genport.yaml's images.directory, or the command's --out): images are
    // written there as files while they arrive instead of being held in memory.
    return configuration.imageStore().map(context::withImageStore).orElse(context);
  }
}
