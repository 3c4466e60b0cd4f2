package io.genport.archfixtures.corepurity.core.port;

import io.genport.archfixtures.corepurity.core.domain.Prompt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/** Valid: JDK, slf4j and core only. */
public interface CleanPort {
  CompletableFuture<String> generate(Prompt prompt, Logger log);
}
