package io.genport.archfixtures.compliant.core.port;

import io.genport.archfixtures.compliant.core.domain.Prompt;
import java.util.concurrent.CompletableFuture;

/** Port: speaks the domain. */
public interface ImageGenerator {
  CompletableFuture<byte[]> generate(Prompt prompt);
}
