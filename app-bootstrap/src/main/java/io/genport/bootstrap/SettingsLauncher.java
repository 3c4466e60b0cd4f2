package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.facade.EnvironmentConfiguration;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.http.HttpTransport;
import java.util.Map;

/**
 * The {@link Launcher} over {@link BootstrapSettings}. Discovers the providers once for {@link
 * #setup} and the application that follows, so broken plugins are reported once; it discovers again
 * only when the extra environment selects different factories.
 */
final class SettingsLauncher implements Launcher {
  private final BootstrapSettings settings;
  private Map<String, String> discoveredWith;
  private LoadedProviders discovered;

  SettingsLauncher(BootstrapSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  public ProviderSetup setup(Map<String, String> extraEnvironment) {
    BootstrapSettings s = settings.with(settings.transport(), extraEnvironment, null);
    return new ProviderSetup(
        discover(s).factories(),
        new EnvironmentConfiguration(s.environment()),
        s.credentials(),
        s.classLoader());
  }

  @Override
  public GenportRuntime start() {
    return Bootstrap.start(settings, discover(settings));
  }

  @Override
  public GenportRuntime start(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
    BootstrapSettings s = settings.with(transport, extraEnvironment, credentials);
    return Bootstrap.start(s, discover(s));
  }

  private synchronized LoadedProviders discover(BootstrapSettings s) {
    Map<String, String> selections =
        new EnvironmentConfiguration(s.environment()).factorySelections();
    if (discovered == null || !selections.equals(discoveredWith)) {
      discovered = Bootstrap.discover(s);
      discoveredWith = selections;
    }
    return discovered;
  }

  @Override
  public String toString() {
    return "Launcher[" + settings + "]";
  }
}
