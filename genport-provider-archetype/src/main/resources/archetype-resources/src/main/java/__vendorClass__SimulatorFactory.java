package ${package};

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts an {@link ${vendorClass}Simulator} for offline runs: {@code genport generate} uses it when {@code
 * ${vendor.toUpperCase()}_API_KEY} is not set (or with {@code --simulate}), and {@code genport simulators} serves it.
 * Registered in {@code META-INF/services/io.genport.simulators.VendorSimulatorFactory}.
 */
public final class ${vendorClass}SimulatorFactory implements VendorSimulatorFactory {
  @Override
  public String provider() {
    return "${vendor}";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    ${vendorClass}Simulator sim = ${vendorClass}Simulator.builder().options(options).start();
    return RunningSimulator.serving(sim, sim.apiBaseUri(), sim.baseUri(${vendorClass}Simulator.API))
        .withCredential(${vendorClass}ProviderFactory.CREDENTIAL, ${vendorClass}Simulator.DEFAULT_KEY);
  }
}
