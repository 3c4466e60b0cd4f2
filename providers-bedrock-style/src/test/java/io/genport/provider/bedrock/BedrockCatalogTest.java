package io.genport.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.ParamSpec;
import io.genport.spi.catalog.Translation;
import io.genport.spitck.seed.SeedModel;
import io.genport.spitck.seed.SeedParam;
import io.genport.spitck.seed.SeedTables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Bedrock catalog: loaded as data, checked against its sources (seed 003's Nova Canvas table,
 * translated to Nova's native names), and translated for each family by the one engine.
 */
class BedrockCatalogTest {
  static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(BedrockCatalogTest.class, BedrockProviderFactory.CATALOG);
  static final String NOVA = "amazon.nova-canvas-v1:0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

  static Translation translate(String model, GenerationRequest.Builder request) {
    return NativeTranslator.translate(
        request.build(), CATALOG.require(model), "bedrock", new Random(7));
  }

  static JsonNode body(String model, GenerationRequest.Builder request) {
    Translation t = translate(model, request);
    assertEquals(1, t.bodies().size());
    return t.bodies().get(0);
  }

  @Test
  void holdsTheThreeFamiliesAndSaysWhatIsConfirmedAndWhatIsInferred() throws Exception {
    assertEquals("bedrock", CATALOG.provider());
    assertEquals(
        List.of(
            NOVA,
            "amazon.titan-image-generator-v2:0",
            "amazon.titan-image-generator-v1",
            "stability.sd3-5-large-v1:0",
            "stability.stable-image-ultra-v1:1",
            "stability.stable-image-core-v1:1"),
        List.copyOf(CATALOG.models().keySet()));
    JsonNode root =
        JSON.readTree(BedrockCatalogTest.class.getResourceAsStream(BedrockProviderFactory.CATALOG));
    for (JsonNode m : root.get("models")) {
      String notes = m.path("notes").asText("");
      assertTrue(notes.startsWith("Confirmed ("), m.get("id") + " names its sources");
      assertTrue(notes.contains("Inferred"), m.get("id") + " says what is inferred");
    }
  }

  // ---------------------------------------------------------------- seed 003: Nova Canvas

  /** Where a row of seed 003 (a gateway's names) lands in Nova's native request. */
  private record Native(String taskType, String param) {}

  /**
   * Seed 003's rows, each with the native parameter(s) that carry it; the task type picks the
   * variant ({@code null}: the entry itself, TEXT_IMAGE).
   */
  private static final Map<String, List<Native>> SEED_003_TO_NATIVE = new LinkedHashMap<>();

  static {
    map("prompt", null, "textToImageParams.text");
    map("prompt", "COLOR_GUIDED_GENERATION", "colorGuidedGenerationParams.text");
    map("prompt", "IMAGE_VARIATION", "imageVariationParams.text");
    map("prompt", "INPAINTING", "inPaintingParams.text");
    map("prompt", "OUTPAINTING", "outPaintingParams.text");
    map("task_type", null, "taskType");
    map("quality", null, "imageGenerationConfig.quality");
    map("negative_prompt", null, "textToImageParams.negativeText");
    map("number_of_images", null, "imageGenerationConfig.numberOfImages");
    map("cfg_scale", null, "imageGenerationConfig.cfgScale");
    map("seed", null, "imageGenerationConfig.seed");
    map("image", "IMAGE_VARIATION", "imageVariationParams.images");
    map("image", "INPAINTING", "inPaintingParams.image");
    map("image", "OUTPAINTING", "outPaintingParams.image");
    map("image", "BACKGROUND_REMOVAL", "backgroundRemovalParams.image");
    map("image", "VIRTUAL_TRY_ON", "virtualTryOnParams.sourceImage");
    map("reference_image", null, "textToImageParams.conditionImage");
    map("reference_image", "COLOR_GUIDED_GENERATION", "colorGuidedGenerationParams.referenceImage");
    map("reference_image", "VIRTUAL_TRY_ON", "virtualTryOnParams.referenceImage");
    map("mask_image", "INPAINTING", "inPaintingParams.maskImage");
    map("mask_image", "OUTPAINTING", "outPaintingParams.maskImage");
    map("mask_image", "VIRTUAL_TRY_ON", "virtualTryOnParams.imageBasedMask.maskImage");
    map("mask_prompt", "INPAINTING", "inPaintingParams.maskPrompt");
    map("mask_prompt", "OUTPAINTING", "outPaintingParams.maskPrompt");
    map("inpaint_mask_prompt", "INPAINTING", "inPaintingParams.maskPrompt");
    map("tryon_mask_prompt", "VIRTUAL_TRY_ON", "virtualTryOnParams.promptBasedMask.maskPrompt");
    map("similarity_strength", "IMAGE_VARIATION", "imageVariationParams.similarityStrength");
    map("outpainting_mode", "OUTPAINTING", "outPaintingParams.outPaintingMode");
    map("color_palette", "COLOR_GUIDED_GENERATION", "colorGuidedGenerationParams.colors");
    map("colors", "COLOR_GUIDED_GENERATION", "colorGuidedGenerationParams.colors");
    map("mask_type", "VIRTUAL_TRY_ON", "virtualTryOnParams.maskType");
    map("garment_class", "VIRTUAL_TRY_ON", "virtualTryOnParams.garmentBasedMask.garmentClass");
  }

  private static void map(String seedRow, String taskType, String nativeParam) {
    SEED_003_TO_NATIVE
        .computeIfAbsent(seedRow, k -> new ArrayList<>())
        .add(new Native(taskType, nativeParam));
  }

  /** The rows that exist only at the gateway seed 003 describes: Bedrock has no such field. */
  private static final Set<String> GATEWAY_ONLY = Set.of("size_scale", "response_format");

  /** The row the gateway turns into width and height: the canonical size carries it. */
  private static final String SIZE_ROW = "aspect_ratio";

  /**
   * Where Nova itself differs from the gateway's table, each on purpose: the native limits are
   * Nova's documented ones, and the gateway's loose types ("number" for integers, comma-separated
   * strings for lists) are the gateway's.
   */
  private static final Set<String> EXPECTED_DIFFERENCES =
      Set.of(
          "negative_prompt->textToImageParams.negativeText: default \"\" vs none"
              + " (Nova takes 1..1024 characters; an empty negative text is not sent)",
          "number_of_images->imageGenerationConfig.numberOfImages: type number vs integer",
          "cfg_scale->imageGenerationConfig.cfgScale: range 1..20 vs 1.1..10",
          "cfg_scale->imageGenerationConfig.cfgScale: default 7.5 vs 6.5",
          "seed->imageGenerationConfig.seed: type number vs integer",
          "image->imageVariationParams.images: type string vs array",
          "color_palette->colorGuidedGenerationParams.colors: type string vs array",
          "colors->colorGuidedGenerationParams.colors: type string vs array",
          "mask_type->virtualTryOnParams.maskType: enum [GARMENT, PROMPT] vs [IMAGE, GARMENT,"
              + " PROMPT]",
          "mask_type->virtualTryOnParams.maskType: default GARMENT vs none");

  private static ModelSpec novaTask(String taskType) {
    ModelSpec nova = CATALOG.require(NOVA);
    return taskType == null ? nova : nova.variants().get(taskType);
  }

  @Test
  void everyRowOfSeed003IsMappedGatewayOnlyOrTheSize() {
    SeedModel seed = SeedTables.seed003().require("nova-canvas");
    assertEquals("Amazon Nova Canvas", seed.title());
    assertEquals(CATALOG.require(NOVA).name(), seed.title());
    Set<String> rows = new TreeSet<>(seed.paramNames());
    Set<String> covered = new TreeSet<>(SEED_003_TO_NATIVE.keySet());
    covered.addAll(GATEWAY_ONLY);
    covered.add(SIZE_ROW);
    assertEquals(rows, covered, "every row, and nothing else, is accounted for");
    for (String gatewayOnly : GATEWAY_ONLY) {
      for (ModelSpec spec : allNovaSpecs()) {
        assertTrue(spec.param(gatewayOnly) == null, gatewayOnly + " has no native counterpart");
      }
    }
  }

  @Test
  void novaMatchesSeed003ExceptWhereNovaDocumentsOtherwise() {
    SeedModel seed = SeedTables.seed003().require("nova-canvas");
    Set<String> differences = new TreeSet<>();
    SEED_003_TO_NATIVE.forEach(
        (row, natives) -> {
          SeedParam s = seed.param(row);
          for (Native n : natives) {
            ParamSpec p = novaTask(n.taskType()).param(n.param());
            assertNotNull(p, n + " is in the catalog");
            differences.addAll(compare(row, s, p, n.taskType() != null));
          }
        });
    assertEquals(new TreeSet<>(EXPECTED_DIFFERENCES), differences);
  }

  /** The differences of one row and its native parameter, as lines. */
  private static List<String> compare(String row, SeedParam s, ParamSpec p, boolean inVariant) {
    String where = row + "->" + p.name() + ": ";
    List<String> out = new ArrayList<>();
    if (!s.type().equals(p.type().jsonName())) {
      out.add(where + "type " + s.type() + " vs " + p.type());
    }
    // The gateway lists one flat table for every task type, so what only some task types take is
    // optional there, and may be required by the task that takes it (an editing task's image).
    // The prompt is required by the canonical request anyway.
    boolean requiredByItsTask = inVariant && !s.required() && p.required();
    if (s.required() != p.required()
        && !requiredByItsTask
        && !(row.equals("prompt") && inVariant)) {
      out.add(where + "required " + s.required() + " vs " + p.required());
    }
    if (!s.options().isEmpty() && !s.options().equals(p.enumValues())) {
      out.add(where + "enum " + s.options() + " vs " + p.enumValues());
    }
    String catalogDefault = p.defaultValue() == null ? null : p.defaultValue().asText();
    if (s.defaultValue() != null && !sameValue(s.defaultValue(), catalogDefault)) {
      out.add(
          where
              + "default "
              + (s.defaultValue().isEmpty() ? "\"\"" : s.defaultValue())
              + " vs "
              + (catalogDefault == null ? "none" : catalogDefault)
              + (row.equals("negative_prompt")
                  ? " (Nova takes 1..1024 characters; an empty negative text is not sent)"
                  : ""));
    }
    if ((s.min() != null && !s.min().equals(p.min()))
        || (s.max() != null && !s.max().equals(p.max()))) {
      out.add(
          where
              + "range "
              + fmt(s.min())
              + ".."
              + fmt(s.max())
              + " vs "
              + fmt(p.min())
              + ".."
              + fmt(p.max()));
    }
    return out;
  }

  private static boolean sameValue(String seed, String catalog) {
    if (catalog == null) {
      return false;
    }
    try {
      return new BigDecimal(seed).compareTo(new BigDecimal(catalog)) == 0;
    } catch (NumberFormatException notNumbers) {
      return seed.equals(catalog);
    }
  }

  private static String fmt(Double d) {
    return d == null ? "" : d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
  }

  @Test
  void everyMappedRowIsReachableAsANativeParameterOfItsTask() {
    SEED_003_TO_NATIVE.forEach(
        (row, natives) -> {
          for (Native n : natives) {
            ModelSpec spec = novaTask(n.taskType());
            if (n.param().equals(spec.promptParam())) {
              continue; // the canonical prompt carries it, below
            }
            GenerationRequest.Builder r = reachable(n.taskType());
            Object value = sampleValue(spec.param(n.param()));
            r.extension("bedrock", n.param(), value);
            JsonNode body;
            try {
              body = body(NOVA, r);
            } catch (RuntimeException e) {
              throw new AssertionError(row + " -> " + n + ": " + e.getMessage(), e);
            }
            assertTrue(at(body, n.param()) != null, row + " reaches " + n.param() + ": " + body);
          }
        });
    for (String task : CATALOG.require(NOVA).variants().keySet()) {
      ModelSpec spec = novaTask(task);
      JsonNode body = body(NOVA, reachable(task));
      assertEquals(task, body.path("taskType").asText(), task);
      if (spec.promptParam() != null) {
        assertEquals(
            "a red fox", at(body, spec.promptParam()).asText(), task + " sends the prompt");
      }
    }
  }

  /** A request that every variant of {@code taskType} can take: its required inputs given. */
  private static GenerationRequest.Builder reachable(String taskType) {
    GenerationRequest.Builder r = GenerationRequest.builder("a red fox");
    if (taskType == null) {
      return r;
    }
    r.extension("bedrock", "taskType", taskType);
    r.referenceImage(new ReferenceImage(null, PNG, "image/png", null));
    switch (taskType) {
      case "COLOR_GUIDED_GENERATION":
        r.extension("bedrock", "colorGuidedGenerationParams.colors", "[\"#FF9800\"]");
        break;
      case "VIRTUAL_TRY_ON":
        r.extension("bedrock", "virtualTryOnParams.referenceImage", "iVBORw0KGgo=");
        r.extension("bedrock", "virtualTryOnParams.maskType", "GARMENT");
        break;
      default:
        break;
    }
    return r;
  }

  private static Object sampleValue(ParamSpec p) {
    if (p.name().equals("taskType")) {
      return p.defaultValue().asText(); // another value is another variant, reached below
    }
    if (!p.enumValues().isEmpty()) {
      return p.enumValues().get(p.enumValues().size() - 1);
    }
    switch (p.type()) {
      case INTEGER:
        return p.min() == null ? 2 : p.min().longValue() + 1;
      case NUMBER:
        return p.max() == null ? 0.5 : p.max();
      case ARRAY:
        return "[\"#00FF00\"]";
      case BOOLEAN:
        return true;
      default:
        return "iVBORw0KGgo=";
    }
  }

  private static JsonNode at(JsonNode body, String path) {
    JsonNode n = body;
    for (String part : path.split("\\.")) {
      n = n.get(part);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  @Test
  void everyAspectRatioOfSeed003IsMadeExactlyByWidthAndHeight() {
    for (String ratio : SeedTables.seed003().require("nova-canvas").param(SIZE_ROW).options()) {
      String[] wh = ratio.split(":");
      Translation t =
          translate(
              NOVA,
              GenerationRequest.builder("x")
                  .size(Size.aspect(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]))));
      assertEquals(List.of(), t.adaptations(), ratio + " needs no adaptation");
      PixelSize px = t.negotiated().size().choice().pixels();
      assertEquals(px.width(), t.bodies().get(0).at("/imageGenerationConfig/width").asInt());
    }
  }

  private static List<ModelSpec> allNovaSpecs() {
    List<ModelSpec> all = new ArrayList<>(List.of(CATALOG.require(NOVA)));
    all.addAll(CATALOG.require(NOVA).variants().values());
    return all;
  }

  // ------------------------------------------------------------------------ Nova's limits

  @Test
  void anOversizedNovaImageIsAdaptedWithinTheLimitsOrRefusedNamingThem() {
    Translation t = translate(NOVA, GenerationRequest.builder("x").size(Size.exact(5000, 5000)));
    Adaptation a = t.adaptations().get(0);
    assertEquals(RequestField.SIZE, a.field());
    assertEquals("2048x2048", a.applied());
    assertTrue(a.reason().contains("at most 4194304 pixels"), a.reason());
    assertEquals(2048, t.bodies().get(0).at("/imageGenerationConfig/width").asInt());

    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                translate(
                    NOVA,
                    GenerationRequest.builder("x")
                        .size(Size.exact(5000, 5000))
                        .require(RequestField.SIZE)));
    assertTrue(e.getMessage().contains("4194304"), e.getMessage());

    Translation tall = translate(NOVA, GenerationRequest.builder("x").size(Size.aspect(1, 8)));
    PixelSize px = tall.negotiated().size().choice().pixels();
    assertTrue(px.ratio() >= 0.25 - 1e-9, "ratio kept within 1:4: " + px);
  }

  @Test
  void nineNovaImagesAreFiveAndFourWithDistinctSeeds() {
    Translation t = translate(NOVA, GenerationRequest.builder("x").count(9).seed(10L));
    assertEquals(List.of(5, 4), t.negotiated().parts().stream().map(CallPart::count).toList());
    Set<Long> seeds = new HashSet<>();
    t.bodies().forEach(b -> seeds.add(b.at("/imageGenerationConfig/seed").asLong()));
    assertEquals(2, seeds.size());
    assertEquals(5, t.bodies().get(0).at("/imageGenerationConfig/numberOfImages").asInt());
    assertEquals(4, t.bodies().get(1).at("/imageGenerationConfig/numberOfImages").asInt());
  }

  @Test
  void eachFamilyRefusesAPromptOverItsLimitBeforeAnythingIsSent() {
    Map<String, Integer> limits =
        Map.of(
            NOVA,
            1024,
            "amazon.titan-image-generator-v1",
            512,
            "stability.stable-image-core-v1:1",
            10_000);
    limits.forEach(
        (model, limit) -> {
          translate(model, GenerationRequest.builder("x".repeat(limit)));
          InvalidRequestException e =
              assertThrows(
                  InvalidRequestException.class,
                  () -> translate(model, GenerationRequest.builder("x".repeat(limit + 1))));
          assertEquals("prompt", e.field());
          assertTrue(e.getMessage().contains("at most " + limit), e.getMessage());
        });
  }

  @Test
  void novaTakesOnlyInlineImagesAndVariantsSendTheirOwnShape() {
    ObjectNode variation =
        (ObjectNode)
            body(
                NOVA,
                GenerationRequest.builder("in watercolour")
                    .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                    .extension("bedrock", "taskType", "IMAGE_VARIATION")
                    .extension("bedrock", "imageVariationParams.similarityStrength", 0.4)
                    .size(Size.exact(1024, 768)));
    assertFalse(variation.has("textToImageParams"), "the other task's parameters stay out");
    assertEquals(1, variation.at("/imageVariationParams/images").size());
    assertEquals(0.4, variation.at("/imageVariationParams/similarityStrength").asDouble());
    assertEquals(1024, variation.at("/imageGenerationConfig/width").asInt());

    JsonNode removal =
        body(
            NOVA,
            GenerationRequest.builder("ignored")
                .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                .extension("bedrock", "taskType", "BACKGROUND_REMOVAL"));
    assertEquals(Set.of("taskType", "backgroundRemovalParams"), fieldNames(removal));
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ------------------------------------------------------------------------------ Titan

  @Test
  void titanSnapsAFreeSizeToTheNearestListedPairAndSendsWidthAndHeight() {
    ModelSpec titan = CATALOG.require("amazon.titan-image-generator-v2:0");
    assertEquals(
        25, ((io.genport.spi.catalog.SizeMapping.Sizes) titan.size()).capability().sizes().size());
    Translation t =
        translate(
            "amazon.titan-image-generator-v2:0",
            GenerationRequest.builder("x").size(Size.exact(1280, 720)));
    assertEquals(RequestField.SIZE, t.adaptations().get(0).field());
    JsonNode b = t.bodies().get(0);
    String chosen =
        b.at("/imageGenerationConfig/width").asInt()
            + "x"
            + b.at("/imageGenerationConfig/height").asInt();
    assertEquals(t.adaptations().get(0).applied(), chosen);
    assertEquals("1152x640", chosen, "the nearest ratio (1.8 to 1.78), then the nearest size");
    assertEquals("TEXT_IMAGE", b.path("taskType").asText());

    InvalidRequestException other =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    "amazon.titan-image-generator-v1",
                    GenerationRequest.builder("x").extension("bedrock", "taskType", "INPAINTING")));
    assertTrue(other.getMessage().contains("'INPAINTING' is not allowed"), other.getMessage());
  }

  // ---------------------------------------------------------------------------- Stability

  /** Stability's pixel sizes per ratio, as its platform documents them (about one megapixel). */
  private static final Map<String, String> STABILITY_PIXELS =
      Map.of(
          "16:9", "1344x768",
          "1:1", "1024x1024",
          "21:9", "1536x640",
          "2:3", "832x1216",
          "3:2", "1216x832",
          "4:5", "896x1088",
          "5:4", "1088x896",
          "9:16", "768x1344",
          "9:21", "640x1536");

  @Test
  void stabilityPlansTheSizeItsRatioIsRenderedAt() {
    STABILITY_PIXELS.forEach(
        (ratio, pixels) -> {
          String[] wh = ratio.split(":");
          Translation t =
              translate(
                  "stability.sd3-5-large-v1:0",
                  GenerationRequest.builder("x")
                      .size(Size.aspect(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]))));
          assertEquals(ratio, t.bodies().get(0).path("aspect_ratio").asText());
          assertEquals(pixels, t.negotiated().size().choice().pixels().toString(), ratio);
          assertEquals(List.of(), t.adaptations(), ratio);
        });
  }

  @Test
  void stabilityNeverSendsZeroAsASeedAndSplitsCountsIntoSingleCalls() {
    Translation t =
        translate(
            "stability.stable-image-ultra-v1:1", GenerationRequest.builder("x").seed(0L).count(3));
    assertEquals(3, t.bodies().size());
    Set<Long> seeds = new TreeSet<>();
    t.bodies().forEach(b -> seeds.add(b.path("seed").asLong()));
    assertEquals(3, seeds.size());
    assertFalse(seeds.contains(0L), "0 means random to Stability");
    assertTrue(t.adaptations().stream().anyMatch(a -> a.field() == RequestField.SEED));
  }

  @Test
  void stabilityImageToImageIsTheModeVariantWithItsImageAndStrength() {
    JsonNode b =
        body(
            "stability.sd3-5-large-v1:0",
            GenerationRequest.builder("x")
                .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                .extension("bedrock", "mode", "image-to-image")
                .extension("bedrock", "strength", 0.6));
    assertEquals("image-to-image", b.path("mode").asText());
    assertEquals(0.6, b.path("strength").asDouble());
    assertTrue(b.path("image").isTextual());
    assertFalse(b.has("aspect_ratio"), "image-to-image follows the image's ratio");

    InvalidRequestException noStrength =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    "stability.sd3-5-large-v1:0",
                    GenerationRequest.builder("x")
                        .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                        .extension("bedrock", "mode", "image-to-image")));
    assertEquals("strength", noStrength.field());
  }
}
