package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.catalog.ModelCatalog;
import java.net.URI;
import java.time.Duration;
import java.util.List;

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

  /** An optional string option, or {@code null}. */
  public String optional(String key) {
    return config.get(key, null);
  }
}
