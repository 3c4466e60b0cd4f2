package io.genport.archfixtures.compliant.facade;

import io.genport.archfixtures.compliant.core.application.GenerationService;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import java.util.List;
import java.util.ServiceLoader;

/** The library entry point: core plus whatever adapters ServiceLoader finds. */
public final class Library {
  public GenerationService open() {
    List<ImageGenerator> found =
        ServiceLoader.load(ImageGenerator.class).stream().map(ServiceLoader.Provider::get).toList();
    return new GenerationService(found);
  }
}
