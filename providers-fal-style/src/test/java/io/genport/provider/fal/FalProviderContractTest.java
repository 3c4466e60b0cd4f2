package io.genport.provider.fal;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for fal in its default queue mode, with an endpoint id that is not in the
 * catalog ({@code fal-ai/flux/dev}, described by the catalog's generic fal dialect).
 */
class FalProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return FalHarness.queue("fal-ai/flux/dev");
  }
}
