/**
 * Replicate ({@code replicate}) and self-hosted Cog servers ({@code cog}), which speak the same
 * prediction API, as two {@link io.genport.toolkit.JobProtocol}s on the provider toolkit that share
 * the reading of the prediction object and of error bodies. Both read the catalog {@code
 * replicate-catalog.json}: the FLUX LoRA fine-tune schema of seed 001, the Replicate-style models
 * of seed 000 and a {@code generic} entry.
 *
 * <h2>replicate</h2>
 *
 * <ul>
 *   <li>Targets: a catalog id ({@code replicate:flux-schnell}), an official model {@code
 *       replicate:owner/name} ({@code POST /v1/models/{owner}/{name}/predictions}), or a version
 *       {@code replicate:owner/name:version} ({@code POST /v1/predictions} with {@code version}).
 *       An {@code owner/name} outside the catalog uses {@code generic}, or the entry named by the
 *       setting {@code model-spec.<owner>/<name>}.
 *   <li>The create sends {@code Prefer: wait=N} ({@code wait}, default 60), so a fast model is done
 *       in one request (its outputs then come inline as data URIs); otherwise {@code urls.get} is
 *       polled while the prediction is {@code starting} (reported as queued) or {@code processing}
 *       (running, with the new log lines; {@code output} is still null). {@code succeeded}, {@code
 *       failed}, {@code canceled} and {@code aborted} end it; the last log lines and {@code
 *       predict_time} are reported as a final running status first. Cancel posts to {@code
 *       urls.cancel}.
 *   <li>{@code Authorization: Bearer} from {@code REPLICATE_API_TOKEN}, sent only to the configured
 *       {@code base-url}: {@code urls.get}/{@code urls.cancel} on another host are replaced by the
 *       configured host's paths, and output files are fetched by the SPI's credential-free {@link
 *       io.genport.spi.download.ResultDownloader}.
 *   <li>Failures are classified by {@link io.genport.toolkit.VendorFailures}; {@code aborted}
 *       (nothing ran) is retryable.
 * </ul>
 *
 * <h2>cog</h2>
 *
 * <p>{@code POST {base-url}/predictions} with no credential, answered with the finished prediction
 * (a failed run is HTTP 200 with {@code status: failed}). Targets name the catalog entry whose
 * inputs the server's model takes, or {@code generic}. A 409 ("at capacity") is retryable.
 */
package io.genport.provider.replicate;
