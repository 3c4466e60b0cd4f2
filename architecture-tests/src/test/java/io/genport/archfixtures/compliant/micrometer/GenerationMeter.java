package io.genport.archfixtures.compliant.micrometer;

import io.genport.archfixtures.compliant.core.application.GenerationService;
import io.micrometer.core.instrument.MeterRegistry;

/** Metrics of a core service through Micrometer. */
public final class GenerationMeter {
  public void bind(GenerationService service, MeterRegistry registry) {
    registry.gauge("generation.services", service, s -> 1.0);
  }
}
