package io.genport.provider.eachlabs;

import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for Each Labs with a Replicate-style model: FLUX.1 [dev] (aspect ratios
 * only, so no exact 1024x768; no negative prompt; up to 4 outputs per call).
 */
class EachLabsReplicateStyleContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return EachLabsHarness.of(
        "flux-dev", 4, ProviderCapability.EXACT_SIZE, ProviderCapability.NEGATIVE_PROMPT);
  }
}
