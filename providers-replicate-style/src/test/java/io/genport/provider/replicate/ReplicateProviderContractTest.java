package io.genport.provider.replicate;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for Replicate, on an {@code owner/name} that is not in the catalog (so the
 * generic FLUX-style entry describes it), created on the official-model endpoint.
 */
class ReplicateProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new ReplicateHarness("acme/flux-like");
  }
}
