/**
 * The Amazon Bedrock Runtime simulator: {@link io.genport.simulators.bedrock.BedrockSimulator}
 * ({@code InvokeModel} for Nova Canvas, Titan Image Generator and Stability's models, with SigV4
 * and Bedrock API key authentication checked on every request), its error answers ({@link
 * io.genport.simulators.bedrock.BedrockErrors}, {@link
 * io.genport.simulators.bedrock.BedrockFaults}) and an independent SigV4 implementation ({@link
 * io.genport.simulators.bedrock.SigV4Verifier}).
 */
package io.genport.simulators.bedrock;
