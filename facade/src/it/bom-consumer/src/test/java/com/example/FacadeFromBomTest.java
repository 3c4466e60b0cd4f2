package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.facade.GenPort;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import io.genport.spi.ProviderConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The facade, resolved through the BOM, generates against the Replicate simulator. */
class FacadeFromBomTest {
  @Test
  void generatesThroughTheFacade() {
    VendorSimulatorFactory replicate =
        ServiceLoader.load(VendorSimulatorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.provider().equals("replicate"))
            .findFirst()
            .orElseThrow();
    try (RunningSimulator sim = replicate.start(SimulatorOptions.defaults())) {
      Map<String, String> env = new HashMap<>(sim.credentials());
      sim.providerConfig()
          .forEach((k, v) -> env.put(ProviderConfig.environmentVariable("replicate", k), v));
      try (GenPort genport =
          GenPort.builder()
              .environment(env)
              .route("replicate:black-forest-labs/flux-schnell")
              .build()) {
        GenerationResult result =
            genport.generate(GenerationRequest.builder("a red fox in the snow").count(2).build());
        assertEquals(2, result.images().size());
      }
    }
  }
}
