package io.genport.simulators.replicate;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts a {@link CogSimulator} for the {@code cog} provider: the server as {@code base-url} and
 * {@code download-allow}. A Cog server takes no credential.
 */
public final class CogSimulatorFactory implements VendorSimulatorFactory {
  @Override
  public String provider() {
    return "cog";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    CogSimulator cog = CogSimulator.builder().options(options).start();
    return RunningSimulator.serving(cog, cog.baseUri(), cog.baseUri());
  }
}
