package io.genport.simulators;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A simulator started by a {@link VendorSimulatorFactory}: what a host needs to point the provider
 * at it, and how to stop it.
 *
 * @param providerConfig the provider configuration keys that point the provider at the simulator,
 *     as the provider's own configuration keys ({@code base-url}, {@code queue-url}, {@code
 *     download-allow}, {@code wait}, ...), never as environment variable names; keys are lower-case
 *     words joined by {@code -}, the form a host can carry through its environment or configuration
 *     file
 * @param credentials the credentials the simulator accepts, by the name the provider looks them up
 *     with (e.g. {@code FAL_KEY}) to the value; empty when the vendor takes none. Made-up values: a
 *     host passes them to the provider instead of the real credentials, so a real key never reaches
 *     a simulator
 * @param server what {@link #close()} stops
 * @param sdkEnvironment environment variables that point the vendor's own SDK or CLI at the
 *     simulator (e.g. {@code REPLICATE_BASE_URL}), where the vendor's clients read any; empty when
 *     they read none. Printed by {@code genport simulators}; GenPort itself never reads them
 */
public record RunningSimulator(
    Map<String, String> providerConfig,
    Map<String, String> credentials,
    AutoCloseable server,
    Map<String, String> sdkEnvironment)
    implements AutoCloseable {
  private static final Pattern CONFIG_KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public RunningSimulator {
    sdkEnvironment = Map.copyOf(requireNonNull(sdkEnvironment, "sdkEnvironment is null"));
    providerConfig = Map.copyOf(requireNonNull(providerConfig, "providerConfig is null"));
    credentials = Map.copyOf(requireNonNull(credentials, "credentials is null"));
    requireNonNull(server, "server is null");
    providerConfig.forEach(
        (k, v) -> {
          if (!CONFIG_KEY.matcher(k).matches()) {
            throw new IllegalArgumentException(
                "provider configuration key '" + k + "' is not lower-case words joined by '-'");
          }
        });
    credentials.forEach(
        (k, v) -> {
          if (k.isBlank() || v.isBlank()) {
            throw new IllegalArgumentException("credential names and values must not be blank");
          }
        });
  }

  /** A simulator whose vendor's SDK reads no environment variable that could point it here. */
  public RunningSimulator(
      Map<String, String> providerConfig, Map<String, String> credentials, AutoCloseable server) {
    this(providerConfig, credentials, server, Map.of());
  }

  /**
   * A simulator the provider reaches at {@code baseUrl} and downloads images from at the host of
   * {@code downloads}: {@code base-url} and {@code download-allow} (the simulators serve plain http
   * on loopback, which a provider downloads from only when allowed explicitly), and no credential.
   * Add the rest with {@link #withConfig} and {@link #withCredential}.
   */
  public static RunningSimulator serving(AutoCloseable server, URI baseUrl, URI downloads) {
    return new RunningSimulator(
        Map.of("base-url", baseUrl.toString(), "download-allow", downloads.getHost()),
        Map.of(),
        server);
  }

  /** This simulator with one more provider configuration key. */
  public RunningSimulator withConfig(String key, String value) {
    Map<String, String> config = new HashMap<>(providerConfig);
    config.put(key, value);
    return new RunningSimulator(config, credentials, server, sdkEnvironment);
  }

  /** This simulator with one more credential it accepts. */
  public RunningSimulator withCredential(String name, String value) {
    Map<String, String> accepted = new HashMap<>(credentials);
    accepted.put(name, value);
    return new RunningSimulator(providerConfig, accepted, server, sdkEnvironment);
  }

  /**
   * This simulator with one more environment variable for the vendor's own SDK (the credentials are
   * offered to it already, under their names).
   */
  public RunningSimulator withSdkVariable(String name, String value) {
    Map<String, String> env = new HashMap<>(sdkEnvironment);
    env.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
    return new RunningSimulator(providerConfig, credentials, server, env);
  }

  /** Stops the simulator. A failure to stop is rethrown unchecked. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the simulator did not stop cleanly: " + e, e);
    }
  }

  /** Shows the configuration and the credential names, never the credential values. */
  @Override
  public String toString() {
    return "RunningSimulator[providerConfig="
        + new TreeMap<>(providerConfig)
        + ", credentials="
        + new java.util.TreeSet<>(credentials.keySet())
        + ", sdkEnvironment="
        + new java.util.TreeSet<>(sdkEnvironment.keySet())
        + "]";
  }
}
