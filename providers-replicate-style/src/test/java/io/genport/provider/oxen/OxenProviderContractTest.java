package io.genport.provider.oxen;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/** The provider contract for Oxen.ai in its default queue mode, with FLUX.2 [pro]. */
class OxenProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return OxenHarness.queue();
  }
}
