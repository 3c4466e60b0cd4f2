package io.genport.archfixtures.compliant.bootstrap.batch;

import io.genport.archfixtures.compliant.core.domain.Prompt;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import java.util.List;

/** Batch engine: drives core's port line by line, nothing else of the application. */
public final class BatchRunner {
  public void run(ImageGenerator generator, List<String> lines) {
    lines.forEach(l -> generator.generate(new Prompt(l)));
  }
}
