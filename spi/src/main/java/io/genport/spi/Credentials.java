package io.genport.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Looks up credentials by name, e.g. {@code FAL_KEY}. The host decides where they come from
 * (environment, configuration file, a secret manager). Implementations MUST be thread-safe.
 *
 * @since 1
 */
@FunctionalInterface
public interface Credentials {

  /** The credential called {@code name}, or empty. */
  Optional<Secret> lookup(String name);

  /** No credentials at all. */
  static Credentials none() {
    return name -> Optional.empty();
  }

  /** Credentials from the process environment. */
  static Credentials environment() {
    return fromMap(System.getenv());
  }

  /** Credentials from a map; blank values count as absent. */
  static Credentials fromMap(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return name -> {
      String v = copy.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(Secret.of(v));
    };
  }
}
