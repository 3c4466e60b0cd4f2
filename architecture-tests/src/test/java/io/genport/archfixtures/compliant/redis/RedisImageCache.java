package io.genport.archfixtures.compliant.redis;

import io.genport.archfixtures.compliant.core.domain.Prompt;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import io.lettuce.core.RedisURI;
import java.util.concurrent.CompletableFuture;

/** An adapter of a core port on Lettuce. */
public final class RedisImageCache implements ImageGenerator {
  private final RedisURI uri = RedisURI.create("redis://localhost");

  @Override
  public CompletableFuture<byte[]> generate(Prompt prompt) {
    return CompletableFuture.completedFuture(uri.getHost().getBytes());
  }
}
