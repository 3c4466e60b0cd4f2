package io.genport.facade;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.FleetState;
import io.genport.core.port.FleetStateFactory;
import io.genport.facade.config.GenportConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens the fleet state a configuration names ({@code fleet.redisUrl} in {@code genport.yaml}, else
 * {@value ConfigurationKeys#REDIS_URL_VARIABLE}) through the {@link FleetStateFactory} a module on
 * the class path registers, so that GenPort needs {@code genport-redis} only at run time and only
 * when a fleet is configured.
 */
public final class SharedFleetState {
  /** The artifact that registers the {@code redis} factory, named in errors. */
  static final String REDIS_ARTIFACT = "io.genport:genport-redis";

  private SharedFleetState() {}

  /**
   * The fleet state {@code file} or {@code env} names, opened; empty when neither names one (the
   * router then keeps its in-memory state). The file's key wins over the variable.
   *
   * @throws InvalidRequestException naming the key or variable when the URL is malformed, its
   *     scheme unknown, or no module on the class path opens it
   */
  public static Optional<FleetState> fromConfiguration(
      GenportConfig file, Map<String, String> env, ClassLoader loader) {
    String url = file.fleet().redisUrl();
    String source =
        (file.source() == null ? GenportConfig.DEFAULT_FILE : file.source().toString())
            + " "
            + ConfigurationKeys.REDIS_URL_KEY;
    if (url == null) {
      url = env.get(ConfigurationKeys.REDIS_URL_VARIABLE);
      source = ConfigurationKeys.REDIS_URL_VARIABLE;
    }
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(open(url.strip(), source, loader));
  }

  /**
   * Opens {@code url} with the factory registered for its scheme.
   *
   * @param source the key or variable the URL came from, named in errors (the URL never is: it may
   *     hold a password)
   */
  public static FleetState open(String url, String source, ClassLoader loader) {
    String scheme;
    try {
      scheme = new URI(url).getScheme();
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(source, "is not a valid URL; expected redis://host:port");
    }
    if (scheme == null) {
      throw new InvalidRequestException(source, "names no scheme; expected redis://host:port");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    List<String> known = new ArrayList<>();
    for (FleetStateFactory f : ServiceLoader.load(FleetStateFactory.class, loader)) {
      if (f.schemes().contains(scheme)) {
        try {
          return f.open(url, source);
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException(source, String.valueOf(e.getMessage()));
        }
      }
      known.addAll(f.schemes());
    }
    if (scheme.equals("redis") || scheme.equals("rediss")) {
      throw new InvalidRequestException(
          source,
          "names a Redis fleet state but "
              + REDIS_ARTIFACT
              + " is not on the class path; add that artifact (same version as GenPort) or unset "
              + source);
    }
    throw new InvalidRequestException(
        source,
        "scheme "
            + scheme
            + "://"
            + " has no fleet state; "
            + (known.isEmpty() ? "expected redis:// with " + REDIS_ARTIFACT : "known: " + known));
  }
}
