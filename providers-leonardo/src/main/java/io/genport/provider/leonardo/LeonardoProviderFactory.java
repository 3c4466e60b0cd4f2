package io.genport.provider.leonardo;

import io.genport.core.domain.InvalidRequestException;
import io.genport.toolkit.CatalogProviderFactory;
import io.genport.toolkit.CredentialScheme;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ProviderSetup;
import io.genport.toolkit.VendorIdentity;
import java.net.URI;
import java.time.Duration;

/** Discovers the Leonardo.ai provider ({@code leonardo}). */
public final class LeonardoProviderFactory extends CatalogProviderFactory {
  /** The provider's name. */
  public static final String NAME = "leonardo";

  /** The credential's name; its value goes in {@code Authorization: Bearer}. */
  public static final String CREDENTIAL = "LEONARDO_API_KEY";

  /** The vendor's name as messages show it. */
  static final String VENDOR = "Leonardo.ai";

  /** The catalog resource, next to this class, as Class.getResource resolves it. */
  public static final String CATALOG = "leonardo-catalog.json";

  /** The v1 API base unless {@code base-url} says otherwise. */
  public static final String DEFAULT_BASE_URL = "https://cloud.leonardo.ai/api/rest/v1";

  /** The path a configured bare origin gets. */
  static final String API_PATH = "/api/rest/v1";

  /** The wait between polls unless {@code poll-interval-ms} says otherwise. */
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /**
   * The shortest wait between polls: Leonardo allows 2000 requests a minute across the API, so a
   * few concurrent generations must not poll faster than this.
   */
  static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

  public LeonardoProviderFactory() {
    super(
        new VendorIdentity(
            NAME,
            VENDOR,
            "Leonardo.ai generations (platform models and your fine-tunes)",
            CredentialScheme.bearer(
                CREDENTIAL, " (create a production API key at app.leonardo.ai, API Access)"),
            CATALOG));
  }

  @Override
  protected JobProtocol protocol(ProviderSetup setup) {
    URI base = setup.baseUrl("base-url", DEFAULT_BASE_URL, API_PATH);
    URI v2 =
        setup.optional("v2-base-url") != null
            ? setup.baseUrl("v2-base-url", null, "/api/rest/v2")
            : v2Of(base);
    Duration poll = setup.millis("poll-interval-ms", DEFAULT_POLL_INTERVAL, 60_000);
    if (poll.compareTo(MIN_POLL_INTERVAL) < 0) {
      throw new InvalidRequestException(
          "poll-interval-ms", "must be at least " + MIN_POLL_INTERVAL.toMillis() + " ms");
    }
    return new LeonardoProtocol(
        base, v2, poll, setup.lookup(), setup.context().json(), setup.failures(), CREDENTIAL);
  }

  /** The v2 base beside a v1 base ({@code .../v1} becomes {@code .../v2}), or {@code null}. */
  static URI v2Of(URI v1) {
    String s = v1.toString();
    return s.endsWith("/v1") ? URI.create(s.substring(0, s.length() - 3) + "/v2") : null;
  }
}
