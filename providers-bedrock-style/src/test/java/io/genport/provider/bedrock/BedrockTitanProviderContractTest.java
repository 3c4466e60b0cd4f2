package io.genport.provider.bedrock;

import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;

/**
 * The provider contract for Bedrock's Titan family: Titan Image Generator v2, with a Bedrock API
 * key.
 */
class BedrockTitanProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new BedrockHarness(BedrockHarness.Family.TITAN);
  }
}
