package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import java.util.Map;

/**
 * What the host is started from: the environment that configuration is read from, where credentials
 * come from, and the class loader that provider plugins are discovered with. The command line uses
 * {@link #fromProcess()}; tests pass their own values.
 *
 * @param environment variables such as {@code GENPORT_FAL_BASE_URL}; copied
 * @param credentials where providers look their credentials up
 * @param classLoader the class loader whose {@code META-INF/services} entries are searched
 */
public record BootstrapSettings(
    Map<String, String> environment, Credentials credentials, ClassLoader classLoader) {
  public BootstrapSettings {
    environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    requireNonNull(credentials, "credentials is null");
    requireNonNull(classLoader, "classLoader is null");
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
