package io.genport.provider.oxen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.SizeMapping;
import io.genport.spi.catalog.Translation;
import io.genport.spitck.seed.CatalogSeedCheck;
import io.genport.spitck.seed.SeedModel;
import io.genport.spitck.seed.SeedModelTables;
import io.genport.spitck.seed.SeedParam;
import io.genport.spitck.seed.SeedTables;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Oxen catalog against its source, seed 002 (Oxen's FLUX.2 [pro] page), through the page's
 * derived table. The expected table is also written out here, so that a regenerated table that
 * reads the page differently fails loudly.
 */
class OxenCatalogTest {
  static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(OxenCatalogTest.class, OxenProviderFactory.CATALOG);

  static final String WANDERER =
      "Wanderer above the Sea of Fog by Caspar David Friedrich, as the wanderer facing out towards"
          + " the expanse. The character should be shown from behind, standing on the rocky peak,"
          + " facing away from the viewer and looking out towards the vast landscape. The"
          + " background should be in the style of Caspar David Friedrich.";

  static final List<String> RATIOS = List.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3");

  /**
   * Seed 002's "Request parameters" tables, transcribed ({@code array<string>} is an array), with
   * the ranges the descriptions state ("Range: 1 – 50").
   */
  static final SeedModel FLUX_2_PRO_TABLE =
      new SeedModel(
          "flux-2-pro",
          "FLUX.2 [pro]",
          List.of(
              row("prompt", "string", true, WANDERER, List.of()),
              new SeedParam(
                  "input_image",
                  "array",
                  false,
                  null,
                  List.of(),
                  false,
                  null,
                  null,
                  List.of("type 'array<string>' read as array")),
              row(
                  "aspect_ratio",
                  "string",
                  false,
                  "16:9",
                  List.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "match_input_image")),
              row("resolution", "string", false, "1 MP", List.of("1 MP", "2 MP", "0.5 MP")),
              ranged(row("num_inference_steps", "integer", false, "30", List.of()), 1, 50),
              ranged(row("guidance", "number", false, "2", List.of()), 0, 10),
              row("seed", "integer", false, null, List.of()),
              row("output_format", "string", false, "webp", List.of("webp", "jpg", "png")),
              ranged(row("output_quality", "integer", false, "80", List.of()), 0, 100),
              row("disable_safety_checker", "boolean", false, "false", List.of())),
          0);

  /** The ranges the table's descriptions state. */
  static final Map<String, double[]> RANGES =
      Map.of(
          "num_inference_steps", new double[] {1, 50},
          "guidance", new double[] {0, 10},
          "output_quality", new double[] {0, 100});

  private static SeedParam row(
      String name, String type, boolean required, String def, List<String> options) {
    return new SeedParam(name, type, required, def, options, false, null, null, List.of());
  }

  private static SeedParam ranged(SeedParam p, double min, double max) {
    return new SeedParam(
        p.name(),
        p.type(),
        p.required(),
        p.defaultValue(),
        p.options(),
        false,
        null,
        null,
        p.notes(),
        min,
        max,
        null);
  }

  static ModelSpec flux() {
    return CATALOG.require("flux-2-pro");
  }

  static Translation translate(String model, GenerationRequest request) {
    return NativeTranslator.translate(request, CATALOG.require(model), "oxen", new Random(7));
  }

  static ObjectNode body(String model, GenerationRequest request) {
    Translation t = translate(model, request);
    assertEquals(1, t.bodies().size());
    return t.bodies().get(0);
  }

  @Test
  void loadsAsAnOxenCatalog() {
    assertEquals("oxen", CATALOG.provider());
    assertEquals(List.of("flux-2-pro", "generic"), List.copyOf(CATALOG.models().keySet()));
    assertEquals("images/edit", flux().endpoint(), "seed 002's sync examples all use /images/edit");
    assertEquals("images/generate", CATALOG.require("generic").endpoint());
  }

  @Test
  void flux2ProMatchesTheTableOfSeed002() {
    SeedModel table = SeedTables.seed002().require("flux-2-pro");
    CatalogSeedCheck.assertMatches(flux(), table);
    CatalogSeedCheck.assertMatches(flux(), FLUX_2_PRO_TABLE);
    assertEquals(table.paramNames(), List.copyOf(flux().params().keySet()), "order");
    RANGES.forEach(
        (name, range) -> {
          assertEquals(range[0], flux().param(name).min(), name);
          assertEquals(range[1], flux().param(name).max(), name);
        });
  }

  @Test
  void theDerivedTableStatesExactlyTheTranscribedTable() {
    SeedModelTables seed = SeedTables.seed002();
    assertEquals("002_78a037284c165377.txt", seed.source());
    assertEquals(List.of("flux-2-pro"), List.copyOf(seed.models().keySet()), "the model id");
    SeedModel read = seed.require("flux-2-pro");
    assertEquals("FLUX.2 [pro]", read.title());
    assertTrue(seed.endpoints().contains("https://hub.oxen.ai/api/ai/images/edit"));
    assertTrue(seed.endpoints().contains("https://hub.oxen.ai/api/ai/queue"));
    for (SeedParam p : FLUX_2_PRO_TABLE.params()) {
      assertNotNull(read.param(p.name()), p.name() + " is a row of the page");
      // The "All parameters" examples send every row but seed.
      assertEquals(
          !p.name().equals("seed"),
          seed.requestFields().contains(p.name()),
          p.name() + " in the examples");
    }
    assertEquals(FLUX_2_PRO_TABLE.params(), read.params());
    Map<String, double[]> ranges = new LinkedHashMap<>();
    read.params().stream()
        .filter(p -> p.min() != null || p.max() != null)
        .forEach(p -> ranges.put(p.name(), new double[] {p.min(), p.max()}));
    assertEquals(RANGES.keySet(), ranges.keySet());
    ranges.forEach(
        (name, range) ->
            assertEquals(
                List.of(range[0], range[1]),
                List.of(RANGES.get(name)[0], RANGES.get(name)[1]),
                name));
  }

  @Test
  void sizeIsAResolutionClassPlusAnAspectRatio() {
    SizeMapping.Resolution size = (SizeMapping.Resolution) flux().size();
    assertEquals("resolution", size.param());
    assertEquals("aspect_ratio", size.ratioParam());
    SizeCapability.ResolutionClasses cap = size.capability();
    assertEquals(Map.of("0.5 MP", 0.5, "1 MP", 1.0, "2 MP", 2.0), cap.classes());
    assertEquals(
        RATIOS,
        cap.ratios().stream().map(AspectRatio::toString).toList(),
        "match_input_image is not a ratio the negotiator picks");
    assertTrue(flux().param("aspect_ratio").enumValues().contains("match_input_image"));
    assertEquals("1 MP", cap.defaultClass());
    assertEquals(new AspectRatio(16, 9), cap.defaultRatio());
    assertEquals(new PixelSize(1360, 768), cap.defaultSize());
  }

  @Test
  void theCanonicalFieldsMapToTheSeedsParameters() {
    ModelSpec m = flux();
    assertEquals("prompt", m.promptParam());
    assertEquals(null, m.negativePromptParam());
    assertEquals(null, m.count(), "one image per generation");
    assertEquals("seed", m.seed().param());
    assertEquals("disable_safety_checker", m.safety().param());
    assertEquals("output_format", m.format().param());
    assertEquals("output_quality", m.quality().param());
    assertEquals("num_inference_steps", m.steps().param());
    assertEquals("guidance", m.guidance().param());
    assertEquals(0.0, m.guidance().min());
    assertEquals(10.0, m.guidance().max());
    assertEquals("input_image", m.references().param());
    assertTrue(m.references().max() > 1, "a list of input images");
    assertEquals(
        Set.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP), m.capabilities().formats());
  }

  @Test
  void aFullRequestTranslatesToTheSeedsDialect() {
    GenerationRequest full =
        GenerationRequest.builder("isometric city")
            .size(Size.aspect(3, 2, 2.0))
            .seed(42L)
            .safety(SafetyLevel.OFF)
            .format(ImageFormat.JPEG, 90)
            .steps(28)
            .guidance(2.5)
            .referenceImage(ReferenceImage.of(URI.create("https://example.com/a.png")))
            .referenceImage(ReferenceImage.of(URI.create("https://example.com/b.png")))
            .build();
    Translation t = translate("flux-2-pro", full);
    ObjectNode b = t.bodies().get(0);
    assertEquals("isometric city", b.get("prompt").asText());
    assertEquals("2 MP", b.get("resolution").asText());
    assertEquals("3:2", b.get("aspect_ratio").asText());
    assertEquals(42, b.get("seed").longValue());
    assertTrue(b.get("disable_safety_checker").booleanValue());
    assertEquals("jpg", b.get("output_format").asText());
    assertEquals(90, b.get("output_quality").intValue());
    assertEquals(28, b.get("num_inference_steps").intValue());
    assertEquals(2.5, b.get("guidance").doubleValue());
    assertEquals(
        "[\"https://example.com/a.png\",\"https://example.com/b.png\"]",
        b.get("input_image").toString());
    assertOnlyKnownKeys(flux(), b);
    assertEquals(new PixelSize(1776, 1184), t.negotiated().size().choice().pixels());
    assertEquals(List.of(), t.adaptations());
  }

  @Test
  void countsAreSplitWithTheirOwnSeeds() {
    Translation t =
        translate("flux-2-pro", GenerationRequest.builder("x").count(3).seed(10L).build());
    assertEquals(3, t.bodies().size());
    Set<Long> seeds = new TreeSet<>();
    t.bodies().forEach(b -> seeds.add(b.get("seed").longValue()));
    assertEquals(3, seeds.size());
  }

  @Test
  void sizesPickTheNearestRatioAndClass() {
    ObjectNode square =
        body("flux-2-pro", GenerationRequest.builder("x").size(Size.exact(720, 720)).build());
    assertEquals("0.5 MP", square.get("resolution").asText());
    assertEquals("1:1", square.get("aspect_ratio").asText());
    Translation wide =
        translate("flux-2-pro", GenerationRequest.builder("x").size(Size.aspect(21, 9)).build());
    assertEquals("16:9", wide.bodies().get(0).get("aspect_ratio").asText());
    assertEquals(RequestField.SIZE, wide.adaptations().get(0).field());
    // match_input_image is reachable as a native parameter.
    ObjectNode match =
        body(
            "flux-2-pro",
            GenerationRequest.builder("x")
                .extension("oxen", "aspect_ratio", "match_input_image")
                .build());
    assertEquals("match_input_image", match.get("aspect_ratio").asText());
  }

  @Test
  void genericServesOtherOxenModels() {
    ModelSpec g = CATALOG.require("generic");
    ObjectNode b =
        body(
            "generic",
            GenerationRequest.builder("a red fox")
                .size(Size.aspect(16, 9))
                .seed(42L)
                .extension("oxen", "num_inference_steps", 4)
                .build());
    assertEquals("16:9", b.get("aspect_ratio").asText());
    assertEquals(4, b.get("num_inference_steps").intValue());
    assertOnlyKnownKeys(g, b);
    assertNotNull(g.references());
    assertEquals(1, g.references().max(), "one input image, as a string");
  }

  @Test
  void aSimpleRequestNeedsNoAdaptation() {
    for (ModelSpec m : CATALOG.models().values()) {
      Translation t = translate(m.id(), GenerationRequest.builder("a red fox in the snow").build());
      assertEquals(List.of(), t.adaptations(), m.id());
      assertFalse(t.bodies().get(0).has("model"), "the provider adds the model id");
    }
  }

  static void assertOnlyKnownKeys(ModelSpec m, JsonNode body) {
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      assertNotNull(m.param(name), m.id() + " sent '" + name + "', which is not in its params");
    }
  }
}
