/**
 * The Each Labs provider ({@code eachlabs}): the asynchronous predictions API (create {@code POST
 * /v1/prediction} with {@code {model, version, input}}, poll {@code GET /v1/prediction/{id}}
 * through {@code starting}, {@code processing}, {@code success} / {@code failed} / {@code
 * cancelled}, cancel {@code POST /v1/prediction/{id}/cancel}) and a catalog of all 62 Each Labs
 * text-to-image models of seed 000, which mix fal-style, Replicate-style and one-off parameter
 * dialects. The provider is a job protocol ({@code EachLabsProtocol}) run by the provider toolkit's
 * engine.
 *
 * <p>Configuration keys: {@code base-url} (default {@code https://api.eachlabs.ai/v1}; a bare
 * origin such as a simulator's gets {@code /v1}, a URL with a path is taken as given; environment
 * {@code GENPORT_EACHLABS_BASE_URL}), {@code poll-interval} (default {@code 1s}), {@code
 * download-allow} (hosts a result may be downloaded from over http or on private addresses, e.g. a
 * simulator). The credential is {@code EACHLABS_API_KEY}, sent as {@code X-API-Key} and only to the
 * configured host; images are downloaded without it. The price a prediction reports in {@code
 * metrics.cost} becomes the result's cost, in USD. A failed prediction's {@code output.error_code}
 * decides its class where Each Labs documents one ({@code PROVIDER_REJECTED} is a content refusal;
 * rate limits, timeouts and lost workers are worth a new attempt).
 */
package io.genport.provider.eachlabs;
