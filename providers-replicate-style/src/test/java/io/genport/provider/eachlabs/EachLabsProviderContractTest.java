package io.genport.provider.eachlabs;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for Each Labs with a fal-style model that has every capability the kit
 * checks except per-image safety flags, which Each Labs does not report: FLUX.2 [klein] 9B base
 * (presets that include 1024x768, up to 4 images per call, seed, negative prompt).
 */
class EachLabsProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return EachLabsHarness.of("flux-2-klein-9b-base-text-to-image", 4);
  }
}
