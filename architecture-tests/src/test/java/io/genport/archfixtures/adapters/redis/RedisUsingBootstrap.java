package io.genport.archfixtures.adapters.redis;

import io.genport.archfixtures.adapters.bootstrap.Cli;

// Invalid: the Redis adapter must not know a host.
public final class RedisUsingBootstrap {
  public String name() {
    return Cli.name();
  }
}
