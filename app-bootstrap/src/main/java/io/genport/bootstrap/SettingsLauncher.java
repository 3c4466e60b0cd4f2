package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.facade.EnvironmentConfiguration;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.http.HttpTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Launcher} over {@link BootstrapSettings}. Discovers the providers once for {@link
 * #setup} and the application that follows, so broken plugins are reported once; it discovers again
 * only when the extra environment selects different factories.
 */
final class SettingsLauncher implements Launcher {
  private final BootstrapSettings base;
  private final Path pluginOption;
  private final Path defaultPluginFolder;
  private BootstrapSettings effective;
  private PluginFolder plugins;
  private Map<String, String> discoveredWith;
  private LoadedProviders discovered;

  /**
   * @param settings the settings, whose class loader is the parent of the plugins' loader
   * @param pluginOption the {@code --plugins} folder, or null
   * @param defaultPluginFolder the folder used when neither the option nor the variable names one,
   *     or null
   */
  SettingsLauncher(BootstrapSettings settings, Path pluginOption, Path defaultPluginFolder) {
    this.base = requireNonNull(settings, "settings is null");
    this.pluginOption = pluginOption;
    this.defaultPluginFolder = defaultPluginFolder;
  }

  @Override
  public Launcher withPlugins(Path option) {
    return new SettingsLauncher(base, option, defaultPluginFolder);
  }

  /**
   * The settings with the plugins' class loader, made on first use, so that a command that fails on
   * its input never opens a plugin jar.
   */
  private synchronized BootstrapSettings settings() {
    if (effective == null) {
      plugins = PluginFolder.resolve(pluginOption, base.environment(), defaultPluginFolder);
      effective =
          new BootstrapSettings(
              base.environment(),
              base.credentials(),
              plugins.classLoader(base.classLoader()),
              base.transport());
    }
    return effective;
  }

  @Override
  public ProviderSetup setup(Map<String, String> extraEnvironment) {
    BootstrapSettings settings = settings();
    BootstrapSettings s = settings.with(settings.transport(), extraEnvironment, null);
    return new ProviderSetup(
        discover(s).factories(),
        new EnvironmentConfiguration(s.environment()),
        s.credentials(),
        s.classLoader());
  }

  /**
   * Offline, for the commands that only plan: wired without an injector, which is most of their
   * start.
   */
  @Override
  public GenportRuntime start() {
    BootstrapSettings settings = settings();
    return Bootstrap.startWithoutInjector(settings, discover(settings));
  }

  @Override
  public GenportRuntime start(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
    BootstrapSettings s = settings().with(transport, extraEnvironment, credentials);
    return Bootstrap.start(s, discover(s));
  }

  private synchronized LoadedProviders discover(BootstrapSettings s) {
    Map<String, String> selections =
        new EnvironmentConfiguration(s.environment()).factorySelections();
    if (discovered == null || !selections.equals(discoveredWith)) {
      LoadedProviders found = Bootstrap.discover(s);
      // A jar left out of the plugins folder is reported with the plugins that failed to load.
      List<String> problems = new ArrayList<>(plugins.problems());
      problems.addAll(found.problems());
      discovered = new LoadedProviders(found.factories(), problems);
      discoveredWith = selections;
    }
    return discovered;
  }

  @Override
  public String toString() {
    return "Launcher[" + base + "]";
  }
}
