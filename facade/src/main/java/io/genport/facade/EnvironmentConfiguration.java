package io.genport.facade;

import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderLoader;
import io.genport.spi.download.ImageStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Provider configuration read from environment variables.
 *
 * <p>A provider's variables start with {@code GENPORT_} and its {@linkplain #prefix(String)
 * environment name}: the provider name upper-cased, with every character other than a letter or a
 * digit replaced by {@code _}. The rest of the variable name, lower-cased with {@code _} replaced
 * by {@code -}, is the {@link ProviderConfig} key:
 *
 * <ul>
 *   <li>{@code GENPORT_ACME_BASE_URL=https://proxy.example/acme} gives provider {@code acme} the
 *       key {@code base-url};
 *   <li>{@code GENPORT_ACME_CLOUD_POLL_INTERVAL=2s} gives provider {@code acme-cloud} the key
 *       {@code poll-interval}.
 * </ul>
 *
 * <p>When one variable fits several providers ({@code acme} and {@code acme-cloud} both fit {@code
 * GENPORT_ACME_CLOUD_BASE_URL}) it belongs to the provider with the longer name only.
 *
 * <p>Variables whose key looks like a secret ({@code key}, {@code token}, {@code secret}, {@code
 * password}) are not copied: a {@link ProviderConfig} is not a place for credentials, which
 * providers look up by the names they declare ({@link
 * io.genport.spi.ProviderFactory#credentialNames()}) through {@link io.genport.spi.Credentials}.
 *
 * <p>{@code GENPORT_<NAME>_FACTORY=<class name>} chooses between two plugins with the same name
 * (see {@link ProviderLoader}); the name is taken lower-cased with {@code _} read as {@code -}. The
 * JVM system property {@code genport.provider.<name>.factory} does the same for any name.
 */
public final class EnvironmentConfiguration {
  private static final String PREFIX = "GENPORT_";
  private static final String FACTORY_SUFFIX = "_FACTORY";
  private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(key|token|secret|password).*");

  private final Map<String, String> environment;

  /**
   * @param environment the variables to read; copied
   */
  public EnvironmentConfiguration(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Where providers write the images they receive: a directory store over {@value
   * ConfigurationKeys#IMAGE_DIR_VARIABLE} when it is set ({@code genport.yaml}'s {@value
   * ConfigurationKeys#IMAGE_DIR_KEY} arrives as that variable), else empty (images in memory).
   *
   * @throws InvalidRequestException naming the variable when its value is not a path
   */
  public Optional<ImageStore> imageStore() {
    String dir = environment.get(ConfigurationKeys.IMAGE_DIR_VARIABLE);
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ImageStore.directory(Path.of(dir.strip())));
    } catch (InvalidPathException e) {
      throw new InvalidRequestException(
          ConfigurationKeys.IMAGE_DIR_VARIABLE,
          "'" + dir.strip() + "' is not a directory path: " + e.getReason());
    }
  }

  /** The variable prefix of {@code provider}, e.g. {@code GENPORT_ACME_} for {@code acme}. */
  public static String prefix(String provider) {
    return PREFIX + provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
  }

  /**
   * The variable that sets configuration key {@code key} of {@code provider}, e.g. {@code
   * GENPORT_ACME_BASE_URL} for {@code base-url} of {@code acme}; {@link #forProvider} reads it back
   * as that key when the key is lower-case words joined by {@code -}.
   */
  public static String variable(String provider, String key) {
    return prefix(provider) + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The configuration of {@code provider}.
   *
   * @param knownProviders every provider name in use, so that a variable that fits a longer name is
   *     left to that provider
   */
  public ProviderConfig forProvider(String provider, Collection<String> knownProviders) {
    String own = prefix(provider);
    Map<String, String> values = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (!name.startsWith(own) || name.length() == own.length()) {
            return;
          }
          for (String other : knownProviders) {
            String p = prefix(other);
            if (p.length() > own.length() && name.startsWith(p)) {
              return;
            }
          }
          String key = name.substring(own.length()).toLowerCase(Locale.ROOT).replace('_', '-');
          if (!SECRET_LIKE.matcher(key).matches()) {
            values.put(key, value);
          }
        });
    return new ProviderConfig(values);
  }

  /**
   * The {@link ProviderLoader#selectionKey(String) selection keys} set through {@code
   * GENPORT_<NAME>_FACTORY} variables and {@code genport.provider.<name>.factory} system properties
   * (which win).
   */
  public Map<String, String> factorySelections() {
    Map<String, String> out = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(PREFIX)
              && name.endsWith(FACTORY_SUFFIX)
              && name.length() > PREFIX.length() + FACTORY_SUFFIX.length()) {
            String provider =
                name.substring(PREFIX.length(), name.length() - FACTORY_SUFFIX.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '-');
            out.put(ProviderLoader.selectionKey(provider), value);
          }
        });
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            k -> {
              if (k.startsWith("genport.provider.") && k.endsWith(".factory")) {
                out.put(k, System.getProperty(k));
              }
            });
    return out;
  }

  /** Never shows values: the environment usually holds credentials. */
  @Override
  public String toString() {
    return "EnvironmentConfiguration[" + environment.size() + " variables]";
  }
}
