/**
 * Seed tables: the Markdown model references in the project's {@code shared/seeds} directory, read
 * by {@link io.genport.spitck.seed.SeedModelTables}, located by {@link
 * io.genport.spitck.seed.SeedFiles}, and compared with catalog entries by {@link
 * io.genport.spitck.seed.CatalogSeedCheck}.
 *
 * <h2>Format</h2>
 *
 * <pre>{@code
 * ## Flux 2
 *
 * **Slug:** `flux-2`
 *
 * | Parameter | Type | Required | Default | Options / Constraints | Description |
 * |-----------|------|----------|---------|----------------------|-------------|
 * | `prompt` | string | Yes | — | — | The prompt to generate an image from. |
 * | `image_size` | string | No | `"landscape_4_3"` | square_hd,square,... | The size ... |
 * }</pre>
 *
 * <p>A default is a quoted string in backticks or {@code —} for none; options are a comma list or
 * {@code —}, and a list that ends in {@code ...} was cut short by the document (its last item may
 * be cut too). Descriptions ending in {@code ...} are cut as well and are kept as written.
 */
package io.genport.spitck.seed;
