package io.genport.provider.eachlabs;

import io.genport.core.domain.InvalidRequestException;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorFailures;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Discovers the Each Labs provider ({@code eachlabs}). */
public final class EachLabsProviderFactory extends CatalogProviderFactory {
  /** The provider's name. */
  public static final String NAME = "eachlabs";

  /** The credential's name; its value goes in {@value #KEY_HEADER}. */
  public static final String CREDENTIAL = "EACHLABS_API_KEY";

  /** The header that carries the key. */
  public static final String KEY_HEADER = "X-API-Key";

  /** The catalog resource, relative to this module's class loader. */
  public static final String CATALOG = "io/genport/provider/eachlabs/eachlabs-catalog.json";

  /** The real API base, with its version. */
  public static final String DEFAULT_BASE_URL = "https://api.eachlabs.ai/v1";

  /** The API version path a configured bare origin gets. */
  static final String API_PATH = "/v1";

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Each Labs predictions API";
  }

  @Override
  protected String vendorName() {
    return "Each Labs";
  }

  @Override
  protected CredentialScheme credential() {
    return CredentialScheme.header(
        CREDENTIAL, KEY_HEADER, " (create a key at eachlabs.ai, API Keys)");
  }

  @Override
  protected String catalogResource() {
    return CATALOG;
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    return new EachLabsProtocol(
        setup.baseUrl("base-url", DEFAULT_BASE_URL, API_PATH),
        pollInterval(setup.config().get("poll-interval", "1s")),
        new CatalogLookup(setup.catalog(), vendorName()),
        setup.context().json(),
        new VendorFailures(vendorName(), CREDENTIAL, setup.context().clock()));
  }

  /** {@code 1500ms}, {@code 2s}, {@code 1m}, a bare number of seconds, or ISO-8601 {@code PT2S}. */
  static Duration pollInterval(String text) {
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
        d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(
          "poll-interval", "'" + text + "' is not a positive duration such as 1s, 500ms or PT2S");
    }
    return d;
  }
}
