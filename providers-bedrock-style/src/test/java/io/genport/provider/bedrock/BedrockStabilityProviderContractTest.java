package io.genport.provider.bedrock;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for Bedrock's Stability family: Stable Diffusion 3.5 Large, signed with
 * SigV4 (temporary keys and a session token).
 */
class BedrockStabilityProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new BedrockHarness(BedrockHarness.Family.STABILITY);
  }
}
