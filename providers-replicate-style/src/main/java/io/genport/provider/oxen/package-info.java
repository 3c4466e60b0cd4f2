/**
 * The Oxen.ai provider ({@code oxen}): the async queue by default ({@code POST /queue}, then {@code
 * GET /queue/{id}} until {@code succeeded}, {@code failed} or {@code cancelled}; {@code DELETE
 * /queue/{id}} cancels), the synchronous {@code /images/generate} and {@code /images/edit} as an
 * option, and a catalog of Oxen models (FLUX.2 [pro] from its model page, plus {@code generic} for
 * any other Oxen model id).
 *
 * <p>Configuration keys: {@code base-url} (the API base, default {@code
 * https://hub.oxen.ai/api/ai}; environment {@code GENPORT_OXEN_BASE_URL}), {@code mode} ({@code
 * queue} or {@code sync}), {@code response-format} ({@code url} or {@code b64_json}, sync only),
 * {@code target-namespace} (the user or organisation billed, sent as {@code target_namespace}),
 * {@code download-allow} (hosts a result may be downloaded from over http or on private addresses).
 * The credential is {@code OXEN_API_KEY}, sent as {@code Authorization: Bearer} to the configured
 * base only; result images are downloaded without it.
 *
 * <p>Failures: a generation that fails with "Insufficient credits" (Oxen reports it as a failed
 * generation, not as an HTTP error) is a {@link
 * io.genport.core.domain.NonRetryableProviderException} carrying that message; a refusal by a
 * safety checker is a {@link io.genport.core.domain.ContentRejectedException}; a failed generation
 * whose message says it timed out or hit an internal error is retryable (the generation has ended,
 * so a new attempt cannot run twice); other failed generations are not. HTTP 429 and 5xx are
 * retryable, other 4xx are not.
 */
package io.genport.provider.oxen;
