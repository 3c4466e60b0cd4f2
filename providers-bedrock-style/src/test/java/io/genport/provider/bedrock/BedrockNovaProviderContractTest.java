package io.genport.provider.bedrock;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for Bedrock's Nova family: Nova Canvas, signed with SigV4 (long-term keys).
 */
class BedrockNovaProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new BedrockHarness(BedrockHarness.Family.NOVA);
  }
}
