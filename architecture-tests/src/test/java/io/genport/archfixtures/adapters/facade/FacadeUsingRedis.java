package io.genport.archfixtures.adapters.facade;

import io.genport.archfixtures.adapters.redis.RedisTarget;

// Invalid: a compile-time link to the optional Redis module.
public final class FacadeUsingRedis {
  public String namespace() {
    return RedisTarget.namespace();
  }
}
