package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.facade.EnvironmentConfiguration;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether the installed providers are set up for real use, judged before any of them is created:
 * from what each factory declares ({@link ProviderFactory#credentialNames()}, {@link
 * ProviderFactory#requiredConfigKeys()}), the host's credentials and the providers' configuration.
 * Knows no vendor: a plugin jar added to the class path is judged the same way as the shipped ones.
 *
 * <p>A provider is <em>configured</em> when every required configuration key has a non-blank value
 * and, if it declares credentials, at least one of them resolves or the provider finds ambient
 * credentials of its own ({@link ProviderFactory#ambientCredentials}); see {@link ProviderFactory}
 * for why "at least one".
 */
public final class ProviderSetup {
  private final Map<String, ProviderFactory> factories;
  private final EnvironmentConfiguration configuration;
  private final Credentials credentials;
  private final ClassLoader classLoader;

  /**
   * @param factories the installed provider factories by name
   * @param configuration where the providers' configuration is read from
   * @param credentials the host's credentials, only asked whether a name resolves
   * @param classLoader the class loader the providers were discovered with; simulators for them are
   *     discovered with it too
   */
  public ProviderSetup(
      Map<String, ProviderFactory> factories,
      EnvironmentConfiguration configuration,
      Credentials credentials,
      ClassLoader classLoader) {
    this.factories =
        Collections.unmodifiableMap(new TreeMap<>(requireNonNull(factories, "factories is null")));
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.classLoader = requireNonNull(classLoader, "classLoader is null");
  }

  /**
   * Nothing known: no provider is installed as far as this setup can tell, so every requested
   * provider is left to the application to resolve (and none is simulated unless asked for).
   */
  public static ProviderSetup unknown() {
    return new ProviderSetup(
        Map.of(),
        new EnvironmentConfiguration(Map.of()),
        Credentials.none(),
        ProviderSetup.class.getClassLoader());
  }

  /** Whether a provider called {@code provider} is installed. */
  public boolean installed(String provider) {
    return factories.containsKey(provider);
  }

  /** Whether {@code provider} is installed and configured for real use. */
  public boolean configured(String provider) {
    return installed(provider)
        && missingCredentials(provider).isEmpty()
        && missingConfiguration(provider).isEmpty();
  }

  /**
   * The credential names to set so that {@code provider} has one (any of them will do), sorted;
   * empty when one resolves, when the provider finds {@linkplain ProviderFactory#ambientCredentials
   * ambient credentials} of its own (an AWS profile, say), when it declares none, or when it is not
   * installed.
   */
  public List<String> missingCredentials(String provider) {
    ProviderFactory f = factories.get(provider);
    if (f == null) {
      return List.of();
    }
    Set<String> names = f.credentialNames();
    for (String name : names) {
      if (credentials.lookup(name).isPresent()) {
        return List.of();
      }
    }
    if (!names.isEmpty() && ambient(f, provider)) {
      return List.of();
    }
    return List.copyOf(new TreeSet<>(names));
  }

  private boolean ambient(ProviderFactory f, String provider) {
    try {
      return f.ambientCredentials(configuration.forProvider(provider, factories.keySet()))
          .isPresent();
    } catch (RuntimeException e) {
      // A plugin's probe that fails finds nothing, as its contract says.
      return false;
    }
  }

  /**
   * The environment variables of the required configuration keys that {@code provider} lacks,
   * sorted, e.g. {@code GENPORT_ACME_BASE_URL}; empty when it has them all or is not installed.
   */
  public List<String> missingConfiguration(String provider) {
    ProviderFactory f = factories.get(provider);
    if (f == null) {
      return List.of();
    }
    ProviderConfig config = configuration.forProvider(provider, factories.keySet());
    List<String> missing = new ArrayList<>();
    for (String key : new TreeSet<>(f.requiredConfigKeys())) {
      if (config.get(key, null) == null) {
        missing.add(EnvironmentConfiguration.variable(provider, key));
      }
    }
    return List.copyOf(missing);
  }

  /** Every credential name that an installed provider declares, sorted. */
  public SortedSet<String> credentialNames() {
    return declaredCredentialNames(factories.values());
  }

  /** The class loader the providers, and simulators for them, are discovered with. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** Every credential name that {@code factories} declare, sorted. */
  static SortedSet<String> declaredCredentialNames(Iterable<ProviderFactory> factories) {
    SortedSet<String> names = new TreeSet<>();
    factories.forEach(f -> names.addAll(f.credentialNames()));
    return Collections.unmodifiableSortedSet(names);
  }

  /** Names the installed providers, never credential values. */
  @Override
  public String toString() {
    return "ProviderSetup" + factories.keySet();
  }
}
