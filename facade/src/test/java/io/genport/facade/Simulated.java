package io.genport.facade;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import io.genport.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Vendor simulators on loopback for the facade's tests, and the environment that points GenPort at
 * them: {@code GENPORT_<PROVIDER>_<KEY>} for each simulator's configuration and its made-up
 * credentials.
 */
final class Simulated implements AutoCloseable {
  private final List<RunningSimulator> running = new ArrayList<>();
  final Map<String, String> environment = new LinkedHashMap<>();

  Simulated(String... providers) {
    try {
      for (String provider : providers) {
        VendorSimulatorFactory factory =
            ServiceLoader.load(VendorSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.provider().equals(provider))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no simulator for " + provider));
        RunningSimulator sim = factory.start(SimulatorOptions.defaults());
        running.add(sim);
        sim.providerConfig()
            .forEach((k, v) -> environment.put(ProviderConfig.environmentVariable(provider, k), v));
        environment.putAll(sim.credentials());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    running.forEach(RunningSimulator::close);
    running.clear();
  }
}
