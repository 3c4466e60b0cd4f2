package io.genport.redis;

import io.genport.core.port.FleetState;
import io.genport.core.port.FleetStateFactory;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Set;

/**
 * Registers {@link RedisFleetState} with {@link java.util.ServiceLoader}, so that a host that sees
 * a {@code redis://} URL ({@value RedisFleetSettings#ENV} or {@code fleet.redisUrl} in {@code
 * genport.yaml}) opens it with the default settings when this jar is on the class path.
 */
public final class RedisFleetStateFactory implements FleetStateFactory {

  /** The no-argument constructor ServiceLoader calls. */
  public RedisFleetStateFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  /**
   * Opens {@code url} with the default settings, except that the URL's own {@code timeout} option
   * (Lettuce's, e.g. {@code ?timeout=200ms}) sets the command timeout, so a URL alone can tune it.
   */
  @Override
  public FleetState open(String url, String source) {
    RedisFleetSettings.checkUrl(url, source);
    RedisFleetSettings.Builder b = RedisFleetSettings.builder(url).source(source);
    if (url.contains("timeout=")) {
      Duration t = RedisURI.create(url).getTimeout();
      if (t == null || t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException(source + " has a timeout option that is not positive");
      }
      b.commandTimeout(t);
    }
    return RedisFleetState.connect(b.build());
  }
}
