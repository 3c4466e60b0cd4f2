package io.genport.provider.eachlabs;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Discovers the Each Labs provider ({@code eachlabs}). */
public final class EachLabsProviderFactory implements ProviderFactory {
  /** The catalog resource, relative to this module's class loader. */
  public static final String CATALOG = "io/genport/provider/eachlabs/eachlabs-catalog.json";

  /** The real API base. */
  public static final String DEFAULT_BASE_URL = "https://api.eachlabs.ai";

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

  @Override
  public String name() {
    return EachLabsProvider.NAME;
  }

  @Override
  public int requiredSpiVersion() {
    return Spi.SPI_VERSION;
  }

  @Override
  public String description() {
    return "Each Labs predictions API";
  }

  @Override
  public java.util.Set<String> credentialNames() {
    return java.util.Set.of(EachLabsProvider.CREDENTIAL);
  }

  @Override
  public ImageProvider create(ProviderConfig config, ProviderContext context) {
    URI base = config.uri("base-url", DEFAULT_BASE_URL);
    String path = base.getPath() == null ? "" : base.getPath();
    if (path.endsWith("/v1")) {
      // Each Labs' own SDKs configure ".../v1"; the provider adds the version itself.
      base = URI.create(base.toString().substring(0, base.toString().length() - 3));
    }
    return new EachLabsProvider(
        ModelCatalog.fromResource(EachLabsProviderFactory.class, CATALOG)
            .withConfiguredModels(config),
        context,
        base,
        pollInterval(config.get("poll-interval", "1s")),
        DownloadPolicy.allowing(config.get("download-allow", null)));
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
