package io.genport.provider.leonardo;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/** The provider contract for Leonardo.ai, with Leonardo Phoenix 1.0. */
class LeonardoProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new LeonardoHarness();
  }
}
