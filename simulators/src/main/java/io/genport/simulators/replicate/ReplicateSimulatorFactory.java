package io.genport.simulators.replicate;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts a {@link ReplicateSimulator} for the {@code replicate} provider, with the builder's
 * poll-driven timing: its API as {@code base-url}, its file host as {@code download-allow}, {@code
 * wait} 1 and a made-up {@code REPLICATE_API_TOKEN}.
 */
public final class ReplicateSimulatorFactory implements VendorSimulatorFactory {
  /** The token the simulator accepts. */
  static final String TOKEN = "r8_simulated-token";

  @Override
  public String provider() {
    return "replicate";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    ReplicateSimulator.Builder b = ReplicateSimulator.builder().options(options).apiToken(TOKEN);
    // The models whose parameter tables differ from FLUX's (sizes, formats), as documented.
    DocumentedModelRules.table().forEach(b::model);
    ReplicateSimulator replicate = b.start();
    return RunningSimulator.serving(replicate, replicate.baseUri(), replicate.filesBaseUri())
        // Prefer: wait would hold the connection for the whole (simulated) run; a short wait and
        // polling show the protocol's progress instead.
        .withConfig("wait", "1")
        .withCredential("REPLICATE_API_TOKEN", TOKEN)
        // replicate-python reads REPLICATE_BASE_URL (the origin; it adds /v1 itself).
        .withSdkVariable("REPLICATE_BASE_URL", replicate.baseUri().toString());
  }
}
