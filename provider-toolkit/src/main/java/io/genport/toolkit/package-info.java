/**
 * The provider toolkit: what every HTTP image vendor adapter shares, so that a vendor's own code is
 * one small {@link io.genport.toolkit.JobProtocol} and a JSON catalog.
 *
 * <ul>
 *   <li>{@link io.genport.toolkit.JobProvider}: the generic engine behind {@link
 *       io.genport.core.port.ImageProvider}, in the spirit of the AWS SDK's waiters: plan from the
 *       catalog, submit, poll with a table from vendor statuses to {@link
 *       io.genport.core.port.JobStatus}, fetch and download the outputs, cancel. One-shot vendors
 *       answer the submit with their outputs and are never polled.
 *   <li>{@link io.genport.toolkit.VendorFailures}: the one failure classification for every vendor
 *       (HTTP status and error body, missing job id, malformed JSON, resets, content refusals,
 *       credits, unknown models), decided by the {@link io.genport.toolkit.Phase} of the exchange.
 *   <li>{@link io.genport.toolkit.VendorClient}: sends to the vendor's own hosts only, with the
 *       credential a {@link io.genport.toolkit.RequestSigner} puts on each request as it is sent (a
 *       static header by default; a per-request signature such as AWS SigV4 where the vendor needs
 *       one), and reads capped JSON, parsed on demand or streamed.
 *   <li>{@link io.genport.toolkit.CatalogProviderFactory}: the factory base that parses options,
 *       base URLs (a bare origin gets the vendor's path prefix) and the catalog.
 * </ul>
 *
 * <p>The toolkit depends on {@code spi}, jackson and slf4j only; providers may depend on it.
 */
package io.genport.toolkit;
