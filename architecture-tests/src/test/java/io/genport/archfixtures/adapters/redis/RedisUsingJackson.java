package io.genport.archfixtures.adapters.redis;

import com.fasterxml.jackson.databind.ObjectMapper;

// Invalid: the Redis adapter may use core, Lettuce and slf4j only.
public final class RedisUsingJackson {
  public String encode(Object value) throws Exception {
    return new ObjectMapper().writeValueAsString(value);
  }
}
