package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.catalog.ModelCatalog;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a protocol is built from: the provider's configuration, the host's services and the catalog,
 * with readers for the option kinds every vendor has. Every reader fails with an {@link
 * InvalidRequestException} that names the key and what it takes.
 *
 * @param config the provider's configuration
 * @param context the host's services
 * @param catalog the built-in catalog merged with models defined in the configuration
 * @param failures the vendor's failure classification, shared with the engine
 */
public record ProviderSetup(
    ProviderConfig config, ProviderContext context, ModelCatalog catalog, VendorFailures failures) {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

  public ProviderSetup {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(failures, "failures is null");
  }

  /** A lookup in the catalog, whose messages name the vendor. */
  public CatalogLookup lookup() {
    return new CatalogLookup(catalog, failures.vendor());
  }

  /**
   * A base URL: the configured value of {@code key}, else {@code fallback}. A configured bare
   * origin ({@code http://127.0.0.1:8080}) gets the vendor's {@code pathPrefix} ({@code /v1}); a
   * URL with a path is taken as given (a proxy or gateway knows its own paths).
   *
   * @param fallback the vendor's public URL, with its prefix; {@code null} when the key is required
   * @param pathPrefix the vendor's path prefix, e.g. {@code /api/ai}, or empty
   */
  public URI baseUrl(String key, String fallback, String pathPrefix) {
    String configured = config.get(key, null);
    if (configured == null) {
      if (fallback == null) {
        throw new InvalidRequestException(key, "is required: set it to the server's base URL");
      }
      return URI.create(fallback);
    }
    URI u = config.uri(key, configured);
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new InvalidRequestException(key, "'" + u + "' must not have a query or fragment");
    }
    String path = u.getRawPath();
    if ((path == null || path.isEmpty() || path.equals("/")) && !pathPrefix.isEmpty()) {
      return URI.create(u.getScheme() + "://" + u.getRawAuthority() + pathPrefix);
    }
    return u;
  }

  /** A string option restricted to {@code allowed}, else {@code fallback}. */
  public String choice(String key, String fallback, List<String> allowed) {
    String v = config.get(key, fallback);
    if (!allowed.contains(v)) {
      throw new InvalidRequestException(
          key, "'" + v + "' is not allowed; allowed: " + String.join(", ", allowed));
    }
    return v;
  }

  /** A whole-number option within {@code [min, max]}, else {@code fallback}. */
  public int integer(String key, int fallback, int min, int max) {
    String v = config.get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException(
        key, "'" + v + "' is not a whole number between " + min + " and " + max);
  }

  /** A duration option given in milliseconds under {@code key}, else {@code fallback}. */
  public Duration millis(String key, Duration fallback, int maxMillis) {
    return Duration.ofMillis(integer(key, (int) fallback.toMillis(), 0, maxMillis));
  }

  /**
   * A positive duration option: {@code 1500ms}, {@code 2s}, {@code 1m}, a bare number of seconds,
   * or ISO-8601 such as {@code PT2S}; else {@code fallback}.
   */
  public Duration duration(String key, Duration fallback) {
    String text = config.get(key, null);
    if (text == null) {
      return fallback;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    Duration d = null;
    Matcher m = SIMPLE_DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      d =
          unit.equals("ms")
              ? Duration.ofMillis(n)
              : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
    } else {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(
          key, "'" + text + "' is not a positive duration such as 1s, 500ms or PT2S");
    }
    return d;
  }

  /** An optional string option, or {@code null}. */
  public String optional(String key) {
    return config.get(key, null);
  }
}
