package io.genport.simulators;

/**
 * A vendor simulator that a host finds with {@link java.util.ServiceLoader} and starts for a
 * provider, so that a provider plugin can run offline without the host knowing anything about the
 * vendor. Register an implementation with one line in {@code
 * META-INF/services/io.genport.simulators.VendorSimulatorFactory}; a plugin jar can ship its own
 * next to its provider.
 *
 * <p>The link to the provider is by name only: {@link #provider()} is the provider's name (its
 * {@code ProviderFactory.name()} in GenPort's SPI), and the {@link RunningSimulator} says, in the
 * provider's own terms, which configuration points the provider at the simulator and which
 * credentials the simulator accepts. This module does not depend on the SPI on purpose: a simulator
 * fakes the vendor, not our code.
 *
 * <p>Implementations MUST have a public no-argument constructor that does no work: the host
 * instantiates every factory on the class path to read {@link #provider()}. Starting servers
 * belongs in {@link #start}. Implementations MUST be thread-safe.
 */
public interface VendorSimulatorFactory {

  /**
   * The name of the provider this simulator serves, e.g. {@code fal}: lower-case, exactly the
   * provider plugin's name.
   */
  String provider();

  /**
   * Starts a simulator on loopback, with job timing quick enough for interactive use (a job
   * finishes after a few status polls, never after wall-clock waits), and returns it running.
   *
   * @param options the shared simulator options (seed, clock, TCP front); never null
   * @return the running simulator; the caller closes it
   * @throws RuntimeException when it cannot start (no port, say); nothing is left running then
   */
  RunningSimulator start(SimulatorOptions options);
}
