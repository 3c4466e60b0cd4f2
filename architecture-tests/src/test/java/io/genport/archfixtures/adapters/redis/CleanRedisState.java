package io.genport.archfixtures.adapters.redis;

import io.genport.archfixtures.adapters.core.port.FleetPort;
import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Valid: implements a core port with Lettuce and slf4j only.
public final class CleanRedisState implements FleetPort {
  private static final Logger LOG = LoggerFactory.getLogger(CleanRedisState.class);
  private final RedisURI uri;

  public CleanRedisState(String url) {
    this.uri = RedisURI.create(url);
  }

  @Override
  public long spent(String unit) {
    LOG.debug("asking {}", uri.getHost());
    return 0;
  }
}
