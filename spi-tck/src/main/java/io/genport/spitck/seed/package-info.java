/**
 * Seed tables: the vendor parameter tables the model catalogs are built from, and the check of a
 * catalog entry against them.
 *
 * <h2>Seed documents and derived tables</h2>
 *
 * <p>The seed documents are vendor reference pages kept outside the repository. What the project
 * needs from them is data, so it keeps that data instead: one derived table per document, a JSON
 * resource in this module ({@code io/genport/spitck/seed/tables/seed-000.json} ... {@code
 * seed-004.json}), loaded from the class path by {@link io.genport.spitck.seed.SeedTables}. Tests
 * and code read only these tables, never a seed document. A derived table holds, per model, its
 * slug, title and source line, and per parameter its name, type, required flag, default,
 * enumeration, range, step and the reader's notes; descriptions and other prose are left out.
 *
 * <table>
 *   <caption>The derived tables</caption>
 *   <tr><th>table</th><th>seed document</th><th>format</th></tr>
 *   <tr><td>{@code seed-000}</td><td>the Each Labs model reference, 62 models</td>
 *       <td>{@link io.genport.spitck.seed.SeedFormat#MODEL_REFERENCE}</td></tr>
 *   <tr><td>{@code seed-001}</td><td>a Replicate FLUX dev/schnell LoRA input schema</td>
 *       <td>{@link io.genport.spitck.seed.SeedFormat#SCHEMA_PAGE}</td></tr>
 *   <tr><td>{@code seed-002}</td><td>Oxen.ai's FLUX.2 [pro] model page</td>
 *       <td>{@link io.genport.spitck.seed.SeedFormat#MODEL_PAGE}</td></tr>
 *   <tr><td>{@code seed-003}</td><td>Amazon Nova Canvas as a gateway exposes it</td>
 *       <td>{@link io.genport.spitck.seed.SeedFormat#PARAMETER_ROWS}</td></tr>
 *   <tr><td>{@code seed-004}</td><td>Leonardo.ai's create-generation request body</td>
 *       <td>{@link io.genport.spitck.seed.SeedFormat#BODY_PARAMS}</td></tr>
 * </table>
 *
 * <h2>Regenerating a table</h2>
 *
 * <p>{@link io.genport.spitck.seed.SeedTableTool} reads a seed document (any format, detected from
 * the text) and writes its table in the one canonical form. It needs only this module's classes.
 * From the repository root, with the seed documents in {@code $SEEDS}:
 *
 * <pre>
 * mvn -o -q -B -ntp compile -pl spi-tck -am
 * TOOL="java -cp spi-tck/target/classes io.genport.spitck.seed.SeedTableTool"
 * OUT=spi-tck/src/main/resources/io/genport/spitck/seed/tables
 * $TOOL --out $OUT/seed-000.json $SEEDS/000_f1a03a70191845e5.txt
 * $TOOL --slug flux-lora-finetune --title "FLUX dev/schnell LoRA fine-tune (seed 001)" \
 *       --out $OUT/seed-001.json $SEEDS/001_224e536406205d3e.txt
 * $TOOL --out $OUT/seed-002.json $SEEDS/002_78a037284c165377.txt
 * $TOOL --slug nova-canvas --title "Amazon Nova Canvas" --out $OUT/seed-003.json \
 *       $SEEDS/003_dadb1cad0cddb575.txt
 * $TOOL --slug create-generation --out $OUT/seed-004.json $SEEDS/004_c4a029e97f0c3167.txt
 * </pre>
 *
 * <p>Documents that name no model (001, 003) need {@code --slug} and {@code --title}; 004 states
 * its title but no slug. The slugs above are the catalog ids the tables are checked against. With
 * {@code --check FILE} instead of {@code --out FILE} the tool writes nothing and exits 1 when the
 * committed table differs from what the document yields. Tests prove the committed tables are in
 * canonical form (so none was edited by hand) and run every reader on small fixtures written for
 * the tests ({@code src/test/resources/io/genport/spitck/seed/fixtures}).
 *
 * <h2>The model-reference format</h2>
 *
 * <p>The format of seed 000, and the one {@link
 * io.genport.spitck.seed.SeedModelTables#parse(String, String)} reads:
 *
 * <pre>{@code
 * ## Flux 2
 *
 * **Slug:** `flux-2`
 *
 * | Parameter | Type | Required | Default | Options / Constraints | Description |
 * |-----------|------|----------|---------|----------------------|-------------|
 * | `prompt` | string | Yes | — | — | What to draw. |
 * | `image_size` | string | No | `"landscape_4_3"` | square_hd,square,... | Output size. |
 * }</pre>
 *
 * <p>A default is a quoted string in backticks or {@code —} for none; options are a comma list or
 * {@code —}, and a list that ends in {@code ...} was cut short by the document (its last item may
 * be cut too). The other formats are described on {@link io.genport.spitck.seed.SeedFormat}.
 *
 * <h2>Checking a catalog</h2>
 *
 * <p>{@link io.genport.spitck.seed.CatalogSeedCheck} compares a catalog entry with its table and
 * lists every difference (name, missing or extra parameters, type, required flag, default as a
 * typed value, enumeration); the providers' catalog tests require none.
 */
package io.genport.spitck.seed;
