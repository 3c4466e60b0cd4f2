package io.genport.facade;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The discovered providers by name, and the {@link ImageProvider} of each, created on first use
 * from its {@linkplain EnvironmentConfiguration environment configuration} and the shared {@link
 * ProviderContext}. Thread-safe.
 *
 * <p>Creation is lazy so that a provider whose configuration is broken fails only the targets that
 * name it, and so that a command touching one provider does not pay for the others' catalogs.
 */
public final class ProviderRegistry {
  private final Map<String, ProviderFactory> factories;
  private final ProviderContext context;
  private final EnvironmentConfiguration configuration;
  private final Map<String, ImageProvider> created = new ConcurrentHashMap<>();

  /**
   * @param factories the discovered factories by provider name
   * @param context what every provider is created with
   * @param configuration where each provider's configuration is read from
   */
  public ProviderRegistry(
      Map<String, ProviderFactory> factories,
      ProviderContext context,
      EnvironmentConfiguration configuration) {
    this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
    this.context = requireNonNull(context, "context is null");
    this.configuration = requireNonNull(configuration, "configuration is null");
  }

  /** The names of the discovered providers, sorted. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(factories.keySet()));
  }

  /**
   * Each provider's one-line description, by name, sorted. A plugin whose {@code description()}
   * fails is shown by its name.
   */
  public Map<String, String> descriptions() {
    Map<String, String> out = new LinkedHashMap<>();
    factories.forEach(
        (name, f) -> {
          String d;
          try {
            d = f.description();
          } catch (RuntimeException e) {
            d = null;
          }
          out.put(name, d == null || d.isBlank() ? name : d.strip());
        });
    return out;
  }

  /** The configuration that {@code provider} is (or will be) created with. */
  public ProviderConfig configuration(String provider) {
    return configuration.forProvider(provider, factories.keySet());
  }

  /**
   * The environment variables of {@code provider}'s required configuration keys that have no value,
   * e.g. {@code GENPORT_COG_BASE_URL}; empty when it has them all or is unknown.
   */
  public List<String> missingConfiguration(String provider) {
    ProviderFactory f = factories.get(provider);
    if (f == null) {
      return List.of();
    }
    ProviderConfig config = configuration(provider);
    List<String> missing = new java.util.ArrayList<>();
    for (String key : new TreeSet<>(f.requiredConfigKeys())) {
      if (config.get(key, null) == null) {
        missing.add(EnvironmentConfiguration.variable(provider, key));
      }
    }
    return List.copyOf(missing);
  }

  /**
   * The provider called {@code name}, created on first use.
   *
   * @throws InvalidRequestException with field {@code target} when there is no such provider, or
   *     naming the configuration key and its environment variable (e.g. {@code base-url
   *     (GENPORT_FAL_BASE_URL)}) when the provider rejects its configuration
   */
  public ImageProvider provider(String name) {
    ImageProvider existing = created.get(name);
    if (existing != null) {
      return existing;
    }
    ProviderFactory factory = factories.get(name);
    if (factory == null) {
      throw new InvalidRequestException(
          "target",
          "unknown provider '"
              + name
              + "'; "
              + (factories.isEmpty()
                  ? "no providers are installed (add a provider jar to the class path)"
                  : factories.size() <= Suggestions.MAX_LISTED
                      ? "installed providers: " + String.join(", ", factories.keySet())
                      : Suggestions.didYouMean(name, List.copyOf(factories.keySet()))
                          + "; `genport providers` lists all "
                          + factories.size()));
    }
    return created.computeIfAbsent(name, n -> create(n, factory));
  }

  private ImageProvider create(String name, ProviderFactory factory) {
    ProviderConfig config = configuration(name);
    try {
      return factory.create(config, context);
    } catch (InvalidRequestException e) {
      String key = e.field();
      String variable = ProviderConfig.environmentVariable(name, key);
      if ((!config.values().containsKey(key) && !factory.requiredConfigKeys().contains(key))
          || e.getMessage().contains(variable)) {
        throw e;
      }
      // The provider names its key; the user sets a variable or a genport.yaml option.
      String prefix = key + ": ";
      String problem =
          e.getMessage().startsWith(prefix)
              ? e.getMessage().substring(prefix.length())
              : e.getMessage();
      throw new InvalidRequestException(
          key,
          problem
              + " (provider '"
              + name
              + "'; set "
              + variable
              + ", or providers."
              + name
              + "."
              + key
              + " in genport.yaml)");
    }
  }
}
