package io.genport.provider.replicate;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/** The provider contract for Replicate on a version target ({@code POST /v1/predictions}). */
class ReplicateVersionProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new ReplicateHarness(
        "acme/flux-like:5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637");
  }
}
