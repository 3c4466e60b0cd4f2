package io.genport.spi;

import io.genport.core.domain.InvalidRequestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers {@link ProviderFactory} plugins with {@link ServiceLoader}, one at a time.
 *
 * <p>Policy: a plugin that cannot be instantiated, whose {@code name()} fails or is not a valid
 * name, whose declarations ({@code credentialNames()}, {@code requiredConfigKeys()}) fail or hold a
 * null or blank entry, or that requires a newer SPI than {@link Spi#SPI_VERSION} is reported (in
 * {@link LoadedProviders#problems()} and at WARN) and skipped; the others still load. Two factories
 * with one name are an error unless the configuration selects one with {@code
 * genport.provider.NAME.factory=CLASS}. Finding none is not an error here; the caller decides.
 *
 * @since 1
 */
public final class ProviderLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderLoader.class);

  /** The configuration key that selects one of several factories with the same name. */
  public static String selectionKey(String providerName) {
    return "genport.provider." + providerName + ".factory";
  }

  private ProviderLoader() {}

  /** Loads with the SPI's own class loader and no selections. */
  public static LoadedProviders load() {
    return load(ProviderFactory.class.getClassLoader(), Map.of());
  }

  /**
   * Loads the factories visible to {@code classLoader}.
   *
   * @param selections configuration that may hold {@link #selectionKey} entries
   * @throws InvalidRequestException when two factories share a name and none is selected; the
   *     message names both classes and the key that chooses
   */
  public static LoadedProviders load(ClassLoader classLoader, Map<String, String> selections) {
    Map<String, List<ProviderFactory>> byName = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<ProviderFactory> it =
        ServiceLoader.load(ProviderFactory.class, classLoader).iterator();
    // The lazy iterator instantiates one plugin per next(); a broken one throws there and the
    // iteration continues with the next entry. The bound guards against a loader that keeps
    // failing on the same entry.
    for (int guard = 0; guard < 10_000; guard++) {
      ProviderFactory factory;
      try {
        if (!it.hasNext()) {
          break;
        }
        factory = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        report(problems, "a provider plugin could not be loaded and was skipped: " + describe(e));
        continue;
      }
      String name;
      int required;
      String badDeclaration;
      try {
        name = factory.name();
        required = factory.requiredSpiVersion();
        badDeclaration =
            badDeclaration("credentialNames()", factory.credentialNames())
                + badDeclaration("requiredConfigKeys()", factory.requiredConfigKeys());
      } catch (RuntimeException | LinkageError e) {
        report(
            problems,
            "provider plugin "
                + factory.getClass().getName()
                + " failed to describe itself and was"
                + " skipped: "
                + describe(e));
        continue;
      }
      if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
        report(
            problems,
            "provider plugin "
                + factory.getClass().getName()
                + " has an invalid name '"
                + name
                + "' (lower-case letters, digits, . _ -) and was skipped");
        continue;
      }
      if (!badDeclaration.isEmpty()) {
        // The host decides "configured" and redacts credentials from these declarations; a
        // plugin whose declarations cannot be read would silently lose both, so it is refused.
        report(
            problems,
            "provider plugin '"
                + name
                + "' ("
                + factory.getClass().getName()
                + ") "
                + badDeclaration
                + "and was skipped");
        continue;
      }
      if (required < 1) {
        report(
            problems,
            "provider plugin '"
                + name
                + "' ("
                + factory.getClass().getName()
                + ") declares SPI version "
                + required
                + ", which does not exist (versions start at 1, this host provides "
                + Spi.SPI_VERSION
                + "; requiredSpiVersion() must return Spi.SPI_VERSION) and was skipped");
        continue;
      }
      if (required > Spi.SPI_VERSION) {
        report(
            problems,
            "provider plugin '"
                + name
                + "' ("
                + factory.getClass().getName()
                + ") requires SPI "
                + "version "
                + required
                + " but this host provides "
                + Spi.SPI_VERSION
                + "; upgrade GenPort or use an older plugin. It was skipped.");
        continue;
      }
      byName.computeIfAbsent(name, n -> new ArrayList<>()).add(factory);
    }
    Map<String, ProviderFactory> chosen = new LinkedHashMap<>();
    byName.forEach((name, list) -> chosen.put(name, choose(name, list, selections)));
    return new LoadedProviders(chosen, problems);
  }

  private static ProviderFactory choose(
      String name, List<ProviderFactory> candidates, Map<String, String> selections) {
    String selected = selections.get(selectionKey(name));
    if (selected != null) {
      for (ProviderFactory f : candidates) {
        if (f.getClass().getName().equals(selected.strip())) {
          return f;
        }
      }
      throw new InvalidRequestException(
          selectionKey(name),
          "selects "
              + selected
              + " but the provider factories named '"
              + name
              + "' are "
              + classNames(candidates));
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new InvalidRequestException(
        "providers",
        candidates.size()
            + " provider factories are named '"
            + name
            + "': "
            + classNames(candidates)
            + "; remove one jar from the class path or choose one with "
            + selectionKey(name)
            + "=<class name>");
  }

  /** Why {@code declared} is not a usable declaration (ending in a space), or empty. */
  private static String badDeclaration(String method, java.util.Set<String> declared) {
    if (declared == null) {
      return method + " returned null ";
    }
    // Set.contains(null) throws on immutable sets, so look at each element instead.
    for (String s : declared) {
      if (s == null || s.isBlank()) {
        return method + " contains a null or blank name ";
      }
    }
    return "";
  }

  private static String classNames(List<ProviderFactory> list) {
    List<String> names = new ArrayList<>();
    list.forEach(f -> names.add(f.getClass().getName()));
    return String.join(", ", names);
  }

  /** The failure and its causes, so a problem line says why, e.g. what a constructor threw. */
  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    seen.add(e);
    for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
      b.append("; caused by ").append(c);
    }
    return b.toString();
  }

  private static void report(List<String> problems, String message) {
    problems.add(message);
    LOG.warn(message);
  }
}
