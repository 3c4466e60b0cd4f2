package io.genport.simulators.bedrock;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import java.util.Map;

/**
 * Starts a {@link BedrockSimulator} for the {@code bedrock} provider: the simulator's endpoint as
 * {@code base-url}, its region as {@code region}, {@code aws-environment=false} so that the
 * provider reads nothing of the machine's AWS setup (no endpoint variables, profiles or SDK
 * credential chain, hence no instance-metadata lookup and no real key near the simulator), {@code
 * auth=sigv4}, and made-up {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} that it
 * signs with.
 */
public final class BedrockSimulatorFactory implements VendorSimulatorFactory {
  @Override
  public String provider() {
    return "bedrock";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    BedrockSimulator sim = BedrockSimulator.builder().options(options).start();
    return new RunningSimulator(
        Map.of(
            "base-url",
            sim.runtimeBaseUri().toString(),
            "region",
            sim.region(),
            "aws-environment",
            "false",
            "auth",
            "sigv4"),
        Map.of(
            "AWS_ACCESS_KEY_ID", BedrockSimulator.DEFAULT_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY", BedrockSimulator.DEFAULT_SECRET_ACCESS_KEY),
        sim,
        // The AWS SDKs and CLI read the service-specific endpoint variable and the region.
        Map.of(
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
            sim.runtimeBaseUri().toString(),
            "AWS_REGION",
            sim.region()));
  }
}
