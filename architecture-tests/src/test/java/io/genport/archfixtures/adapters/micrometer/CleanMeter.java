package io.genport.archfixtures.adapters.micrometer;

import io.genport.archfixtures.adapters.core.application.Router;
import io.micrometer.core.instrument.MeterRegistry;

// Valid: core and Micrometer only.
public final class CleanMeter {
  public void bind(Router router, MeterRegistry registry) {
    registry.gauge("genport.spent", router, r -> r.spentUsd());
  }
}
