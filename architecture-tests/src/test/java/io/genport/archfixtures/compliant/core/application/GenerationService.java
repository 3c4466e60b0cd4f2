package io.genport.archfixtures.compliant.core.application;

import io.genport.archfixtures.compliant.core.domain.Prompt;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Application: ports, domain, slf4j. */
public final class GenerationService {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationService.class);
  private final List<ImageGenerator> generators;

  public GenerationService(List<ImageGenerator> generators) {
    this.generators = List.copyOf(generators);
  }

  public CompletableFuture<byte[]> generate(Prompt prompt) {
    LOG.debug("routing {}", prompt);
    return generators.get(0).generate(prompt);
  }
}
