/**
 * The GenPort provider conformance kit (TCK). It lives in {@code src/main/java} so that a
 * third-party provider plugin can depend on it and run the same checks as the built-in providers.
 *
 * <p>The provider contract: a provider module extends {@link
 * io.genport.spitck.ProviderContractTest} in its tests and implements {@link
 * io.genport.spitck.ProviderContractTest#newHarness()}, returning a {@link
 * io.genport.spitck.ProviderHarness} that starts its vendor simulator, names the model to test
 * with, maps {@link io.genport.spitck.VendorOperation}s to the simulator's endpoints and declares
 * what the provider cannot do ({@link io.genport.spitck.ProviderCapability}, all supported by
 * default). {@link io.genport.spitck.SimulatorHarness} implements the plumbing of such a harness
 * over a simulator and a transport. {@link io.genport.spitck.ProviderDriver} runs calls the way the
 * core does, without waiting, and is usable in a module's own tests.
 *
 * <p>{@link io.genport.spitck.seed} holds the derived seed tables (the vendor parameter tables
 * every model catalog is built from, as data in this module), the tool that regenerates them, and
 * the check of catalog entries against them.
 */
package io.genport.spitck;
