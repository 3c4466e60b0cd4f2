/**
 * The Leonardo.ai provider ({@code leonardo}): {@code POST /generations} with the model's UUID as
 * {@code modelId}, then {@code GET /generations/{id}} until {@code COMPLETE} or {@code FAILED}; the
 * newer models the catalog marks {@code v2} are created on {@code /api/rest/v2/generations} and
 * read the same way. Targets are {@code leonardo:<catalog id>} ({@code phoenix-1.0}, {@code
 * flux-dev}, {@code lightning-xl}, {@code kino-xl}, ...; {@code genport models --provider leonardo}
 * lists them) or {@code leonardo:<model UUID>} for any model, your own fine-tunes included, which
 * the catalog's generic entry describes with the whole v1 parameter table.
 *
 * <p>Each catalog entry keeps the parameters that apply to its model (alchemy, photoReal, contrast,
 * presetStyle, ...) and its rules as data: sides 32..1536 in multiples of 8, 1..8 images per call
 * but at most 4 when a side exceeds 768 (a count limit the negotiator splits by), the seed range
 * (2,147,483,637 at most for Flux). {@code public} is sent as {@code false} unless set.
 *
 * <p>Results: each image's {@code nsfw} flag becomes {@link
 * io.genport.core.domain.GeneratedImage#flagged()}, the seed Leonardo reports is each image's seed,
 * and the create answer's {@code apiCreditCost} is the result's cost in the unit {@code credits}.
 * Leonardo has no cancel: cancelling a job fails with {@link
 * io.genport.core.domain.UnsupportedCapabilityException} and leaves it pollable (deleting the
 * generation would not stop it and is never done). A failed generation carries Leonardo's reason
 * when it gives one.
 *
 * <p>Configuration keys: {@code base-url} (default {@code https://cloud.leonardo.ai/api/rest/v1}; a
 * bare origin gets {@code /api/rest/v1}; environment {@code GENPORT_LEONARDO_BASE_URL}), {@code
 * v2-base-url} (default: {@code base-url} with its final {@code /v1} as {@code /v2}), {@code
 * poll-interval-ms} (default 1000, at least 100), {@code download-allow}. The credential is {@code
 * LEONARDO_API_KEY}, sent as {@code Authorization: Bearer} to the API hosts only; images are
 * downloaded without it.
 *
 * <p>Failures go through the toolkit's one classification: 401 and 403 (and the documented
 * "authorization hook" texts with any status) are not retryable and name {@code LEONARDO_API_KEY};
 * "You do not have enough API tokens" is not retryable and says the credits ran out; 429 and 5xx
 * before acceptance are retryable; an accepted generation is only ever polled.
 */
package io.genport.provider.leonardo;
