package io.genport.simulators.leonardo;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts a {@link LeonardoSimulator} for the {@code leonardo} provider: its v1 API as {@code
 * base-url}, its image host as {@code download-allow}, a short {@code poll-interval-ms} (with the
 * builder's default timing the simulated generations end after two polls), and a made-up {@code
 * LEONARDO_API_KEY}.
 */
public final class LeonardoSimulatorFactory implements VendorSimulatorFactory {
  /** The key the simulator accepts. */
  static final String KEY = "simulated-leonardo-key";

  @Override
  public String provider() {
    return "leonardo";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    LeonardoSimulator leo = LeonardoSimulator.builder().options(options).apiKey(KEY).start();
    return RunningSimulator.serving(leo, leo.apiBaseUri(), leo.cdnBaseUri())
        .withConfig("poll-interval-ms", "250")
        .withCredential("LEONARDO_API_KEY", KEY);
  }
}
