package io.genport.provider.fal;

import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for fal in sync mode ({@code mode=sync}: one {@code fal.run} request,
 * images inline as data URIs), with the catalog model {@code flux-2}, which takes no negative
 * prompt.
 */
class FalSyncProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return FalHarness.sync("flux-2", ProviderCapability.NEGATIVE_PROMPT);
  }
}
