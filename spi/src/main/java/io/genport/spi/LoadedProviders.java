package io.genport.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link ProviderLoader} found.
 *
 * @param factories usable factories by name, sorted by name
 * @param problems one line per plugin that was reported and skipped (broken, incompatible)
 * @since 1
 */
public record LoadedProviders(Map<String, ProviderFactory> factories, List<String> problems) {
  public LoadedProviders {
    factories = Collections.unmodifiableMap(new TreeMap<>(factories));
    problems = List.copyOf(problems);
  }

  /** The factory named {@code name}, or {@code null}. */
  public ProviderFactory get(String name) {
    return factories.get(name);
  }
}
