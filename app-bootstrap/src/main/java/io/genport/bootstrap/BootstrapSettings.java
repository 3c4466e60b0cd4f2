package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import io.genport.spi.http.HttpTransport;
import java.util.Map;

/**
 * What the host is started from: the environment that configuration is read from, where credentials
 * come from, and the class loader that provider plugins are discovered with. The command line uses
 * {@link #fromProcess()}; tests pass their own values.
 *
 * @param environment variables such as {@code GENPORT_ACME_BASE_URL}; copied
 * @param credentials where providers look their credentials up
 * @param classLoader the class loader whose {@code META-INF/services} entries are searched
 * @param transport how providers reach the network; {@link OfflineTransport} (refuses to send)
 *     unless a command that generates supplies a real one
 */
public record BootstrapSettings(
    Map<String, String> environment,
    Credentials credentials,
    ClassLoader classLoader,
    HttpTransport transport) {
  public BootstrapSettings {
    environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    requireNonNull(credentials, "credentials is null");
    requireNonNull(classLoader, "classLoader is null");
    requireNonNull(transport, "transport is null");
  }

  /** Offline settings: providers can plan but never send. */
  public BootstrapSettings(
      Map<String, String> environment, Credentials credentials, ClassLoader classLoader) {
    this(environment, credentials, classLoader, new OfflineTransport());
  }

  /**
   * These settings with {@code transport}, {@code extraEnvironment} added over the environment and,
   * when {@code credentials} is not null, those credentials instead of the current ones.
   */
  public BootstrapSettings with(
      HttpTransport transport, Map<String, String> extraEnvironment, Credentials credentials) {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.putAll(extraEnvironment);
    return new BootstrapSettings(
        env, credentials == null ? this.credentials : credentials, classLoader, transport);
  }

  /** The process environment, credentials from the environment, and this library's loader. */
  public static BootstrapSettings fromProcess() {
    return new BootstrapSettings(
        System.getenv(), Credentials.environment(), BootstrapSettings.class.getClassLoader());
  }

  /** Never shows the environment: it usually holds credentials. */
  @Override
  public String toString() {
    return "BootstrapSettings[" + environment.size() + " environment variables]";
  }
}
