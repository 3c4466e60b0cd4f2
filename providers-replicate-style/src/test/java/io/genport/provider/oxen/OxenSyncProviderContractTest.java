package io.genport.provider.oxen;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/** The provider contract for Oxen.ai's synchronous endpoints ({@code mode=sync}), FLUX.2 [pro]. */
class OxenSyncProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return OxenHarness.sync();
  }
}
