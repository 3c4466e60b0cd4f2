package io.genport.simulators.fal;

import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;

/**
 * Starts a {@link FalSimulator} for the {@code fal} provider, with the builder's poll-driven
 * timing: its sync and queue hosts as {@code base-url} and {@code queue-url}, its media host as
 * {@code download-allow} (plain http on loopback), and a made-up {@code FAL_KEY}. Each endpoint
 * fills a field left out with its documented default ({@link
 * FalSimulator.Builder#documentedEndpointDefaults()}), as the catalog's plan expects.
 */
public final class FalSimulatorFactory implements VendorSimulatorFactory {
  /** The key the simulator accepts. */
  static final String KEY = "simulated-fal-key";

  @Override
  public String provider() {
    return "fal";
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    FalSimulator fal =
        FalSimulator.builder().options(options).apiKey(KEY).documentedEndpointDefaults().start();
    return RunningSimulator.serving(fal, fal.syncBaseUri(), fal.mediaBaseUri())
        .withConfig("queue-url", fal.queueBaseUri().toString())
        .withCredential("FAL_KEY", KEY)
        // fal_client (Python) reads these hosts but always speaks https, which the simulator
        // does not; fal-js takes a proxy URL instead. Printed for clients that can use them.
        .withSdkVariable("FAL_RUN_HOST", hostAndPort(fal.syncBaseUri()))
        .withSdkVariable("FAL_QUEUE_RUN_HOST", hostAndPort(fal.queueBaseUri()));
  }

  private static String hostAndPort(java.net.URI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }
}
