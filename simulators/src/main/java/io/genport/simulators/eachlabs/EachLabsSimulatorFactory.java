package io.genport.simulators.eachlabs;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts an {@link EachLabsSimulator} for the {@code eachlabs} provider, with the builder's
 * poll-driven timing: its API as {@code base-url}, its storage host as {@code download-allow}, and
 * a made-up {@code EACHLABS_API_KEY}.
 */
public final class EachLabsSimulatorFactory implements VendorSimulatorFactory {
  /** The key the simulator accepts. */
  static final String KEY = "simulated-eachlabs-key";

  @Override
  public String provider() {
    return "eachlabs";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    EachLabsSimulator eachlabs = EachLabsSimulator.builder().options(options).apiKey(KEY).start();
    return RunningSimulator.serving(eachlabs, eachlabs.apiBaseUri(), eachlabs.mediaBaseUri())
        .withCredential("EACHLABS_API_KEY", KEY);
  }
}
