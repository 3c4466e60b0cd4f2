package io.genport.spi;

import io.genport.core.domain.InvalidRequestException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A provider's non-secret configuration: string keys and values such as {@code base-url}. Secrets
 * belong in {@link Credentials}, never here; {@link #toString()} still redacts any key that looks
 * like one.
 *
 * @param values the configuration; never null
 * @since 1
 */
public record ProviderConfig(Map<String, String> values) {
  public ProviderConfig {
    values = Map.copyOf(values);
  }

  /**
   * The environment variable that sets configuration key {@code key} of {@code provider}: {@code
   * GENPORT_}, the provider name and the key upper-cased with every character other than a letter
   * or digit replaced by {@code _}, e.g. {@code GENPORT_FAL_DOWNLOAD_ALLOW} for {@code
   * download-allow} of {@code fal}. Hosts read it back as that key; errors name it so a user knows
   * what to set.
   */
  public static String environmentVariable(String provider, String key) {
    return "GENPORT_"
        + provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
        + "_"
        + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /**
   * How a message names key {@code key} of {@code provider}: the key and its environment variable,
   * e.g. {@code download-allow (GENPORT_FAL_DOWNLOAD_ALLOW)}.
   */
  public static String describe(String provider, String key) {
    return key + " (" + environmentVariable(provider, key) + ")";
  }

  public static ProviderConfig empty() {
    return new ProviderConfig(Map.of());
  }

  /** The value of {@code key}, or {@code fallback}. */
  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  /**
   * The value of {@code key} as an absolute http(s) URI without a trailing slash, or {@code
   * fallback}.
   *
   * @throws InvalidRequestException naming the key when the value is not such a URI
   */
  public URI uri(String key, String fallback) {
    String v = get(key, fallback);
    try {
      URI u = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException("not an absolute http(s) URL");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(key, "'" + v + "' is not an absolute http(s) URL");
    }
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach(
        (k, v) -> shown.put(k, k.matches("(?i).*(key|token|secret|password).*") ? "***" : v));
    return "ProviderConfig" + shown;
  }
}
