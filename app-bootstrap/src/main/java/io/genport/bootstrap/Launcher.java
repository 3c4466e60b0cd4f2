package io.genport.bootstrap;

import io.genport.spi.Credentials;
import io.genport.spi.http.HttpTransport;
import java.util.Map;

/**
 * Starts the wired application for a command, once the command knows what it needs: {@code explain}
 * starts it offline; {@code generate} first asks for the {@linkplain #setup providers' setup} to
 * decide whether any requested vendor is configured, then starts it with a real transport and, when
 * it runs against the embedded simulators, with their environment and credentials instead of the
 * real ones. Keeps Guice out of the command line.
 */
public interface Launcher {

  /**
   * Whether the installed providers are configured, judged from their declarations against the
   * environment with {@code extraEnvironment} over it and the process's credentials; nothing is
   * created or started.
   *
   * @throws io.genport.core.domain.InvalidRequestException when two plugins share a name and the
   *     configuration does not choose one
   */
  ProviderSetup setup(Map<String, String> extraEnvironment);

  /** The application, offline. */
  GenportRuntime start();

  /**
   * The application with {@code transport}, {@code extraEnvironment} over the environment, and
   * {@code credentials} (when not null) instead of the process's.
   */
  GenportRuntime start(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials);

  /**
   * This launcher with the plugin jars of {@code option} (the {@code --plugins} folder, or null for
   * none given) added to the providers it discovers; see {@link PluginFolder}. A launcher that
   * cannot load plugins returns itself.
   */
  default Launcher withPlugins(java.nio.file.Path option) {
    return this;
  }

  /**
   * A launcher over {@code settings} that loads plugins only from a folder named by {@code
   * --plugins} or {@value PluginFolder#VARIABLE}.
   */
  static Launcher of(BootstrapSettings settings) {
    return new SettingsLauncher(settings, null, null);
  }

  /**
   * A launcher over {@code settings} that also loads plugins from {@code defaultPluginFolder} when
   * neither {@code --plugins} nor {@value PluginFolder#VARIABLE} names one; the command line passes
   * {@code ~/.genport/plugins}.
   */
  static Launcher of(BootstrapSettings settings, java.nio.file.Path defaultPluginFolder) {
    return new SettingsLauncher(settings, null, defaultPluginFolder);
  }
}
