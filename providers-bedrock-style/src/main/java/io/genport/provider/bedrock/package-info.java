/**
 * The Amazon Bedrock provider ({@code bedrock}): Bedrock Runtime's {@code InvokeModel} for Nova
 * Canvas (every task type), Titan Image Generator G1 v1 and v2, and Stability's Stable Diffusion
 * 3.5 Large, Stable Image Ultra and Stable Image Core; a catalog of those models (inference-profile
 * ids and ARNs naming one resolve to its entry).
 *
 * <p>One synchronous call per image batch: {@code POST /model/{modelId}/invoke} with the model id
 * percent-encoded, JSON in and out, images as base64 in the answer (decoded as they are read,
 * without holding the base64 as a string). Authentication is the AWS SDK's: a Bedrock API key
 * ({@code AWS_BEARER_TOKEN_BEDROCK}) as {@code Authorization: Bearer}, or SigV4 signed at every
 * send by the SDK's {@code AwsV4HttpSigner} (service {@code bedrock}) with credentials from the
 * host ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) or the
 * SDK's default chain. Requests go through the host's transport, to the configured endpoint only.
 *
 * <p>Configuration keys: {@code region}, {@code base-url} (after {@code
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME} and {@code AWS_ENDPOINT_URL}), {@code profile}, {@code auth}
 * ({@code auto}, {@code sigv4}, {@code bearer}), {@code aws-environment} ({@code false}: read
 * nothing of the machine's AWS setup), {@code timeout-ms}; see {@link
 * io.genport.provider.bedrock.BedrockSettings}.
 *
 * <p>Failures: throttling, an unavailable service or a model not ready are retryable; a model
 * timeout or an internal error is retryable but ambiguous (the model may have run and the call been
 * billed); a validation error is not retryable and names the field, unless the content filters
 * blocked the prompt (content rejected, as are images the filters removed); authentication errors
 * name the credential source used; an unknown resource says the model is not enabled in the region.
 */
package io.genport.provider.bedrock;
