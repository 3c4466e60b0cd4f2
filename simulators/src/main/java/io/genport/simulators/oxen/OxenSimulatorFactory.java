package io.genport.simulators.oxen;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts an {@link OxenSimulator} for the {@code oxen} provider, with the builder's poll-driven
 * timing: its inference API as {@code base-url}, its hub host (which serves the generated files) as
 * {@code download-allow}, and a made-up {@code OXEN_API_KEY}.
 */
public final class OxenSimulatorFactory implements VendorSimulatorFactory {
  /** The key the simulator accepts. */
  static final String KEY = "simulated-oxen-key";

  @Override
  public String provider() {
    return "oxen";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    OxenSimulator oxen = OxenSimulator.builder().options(options).apiKey(KEY).start();
    return RunningSimulator.serving(oxen, oxen.apiBaseUri(), oxen.hubBaseUri())
        .withCredential("OXEN_API_KEY", KEY);
  }
}
