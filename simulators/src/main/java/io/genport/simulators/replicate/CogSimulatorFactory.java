package io.genport.simulators.replicate;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import java.util.Map;

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
    return new RunningSimulator(
        Map.of(
            "base-url", cog.baseUri().toString(),
            "download-allow", cog.baseUri().getHost()),
        Map.of(),
        cog);
  }
}
