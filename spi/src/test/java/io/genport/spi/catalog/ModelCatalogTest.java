package io.genport.spi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.domain.negotiation.SizeCapability;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Loading and validating catalogs: a valid one loads, every malformed entry is named. */
class ModelCatalogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A small valid catalog that each malformed case changes in one place. */
  private static final String VALID =
      """
      {"provider": "p",
       "sizePresets": {"fal": {"square_hd": "1024x1024", "square": "512x512",
                               "portrait_4_3": "768x1024", "portrait_16_9": "576x1024",
                               "landscape_4_3": "1024x768", "landscape_16_9": "1024x576"}},
       "models": [{
         "id": "m", "name": "Model", "endpoint": "owner/m", "version": "1",
         "params": [
           {"name": "prompt", "type": "string", "required": true},
           {"name": "negative_prompt", "type": "string"},
           {"name": "image_size", "type": "string", "default": "landscape_4_3",
            "enum": ["square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3",
                     "landscape_16_9"]},
           {"name": "num_images", "type": "integer", "default": 1, "min": 1, "max": 4},
           {"name": "seed", "type": "integer"},
           {"name": "enable_safety_checker", "type": "boolean", "default": true},
           {"name": "output_format", "type": "string", "default": "png",
            "enum": ["jpeg", "png", "webp"]},
           {"name": "output_quality", "type": "integer", "min": 0, "max": 100},
           {"name": "num_inference_steps", "type": "integer", "default": 28},
           {"name": "guidance_scale", "type": "number", "default": 3.5},
           {"name": "image_url", "type": "string"},
           {"name": "sync_mode", "type": "boolean", "default": false}
         ],
         "prompt": "prompt",
         "negativePrompt": "negative_prompt",
         "size": {"kind": "presets", "param": "image_size", "presets": "fal",
                  "custom": {"min": 512, "max": 2048, "multiple": 16}},
         "count": {"param": "num_images", "max": 4},
         "seed": {"param": "seed", "min": 0, "max": 4294967295},
         "safety": {"param": "enable_safety_checker", "values": {"STANDARD": true, "OFF": false}},
         "format": {"param": "output_format", "values": {"PNG": "png", "JPEG": "jpeg"}},
         "quality": {"param": "output_quality"},
         "steps": {"param": "num_inference_steps", "min": 1, "max": 50},
         "guidance": {"param": "guidance_scale", "min": 0, "max": 20},
         "referenceImages": {"param": "image_url", "max": 1},
         "fixed": {"sync_mode": false},
         "notes": "anything"
       }]}
      """;

  private static ObjectNode valid() {
    try {
      return (ObjectNode) JSON.readTree(VALID);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode entry(ObjectNode root) {
    return (ObjectNode) root.get("models").get(0);
  }

  private static ObjectNode param(ObjectNode root, String name) {
    for (JsonNode p : entry(root).get("params")) {
      if (p.get("name").asText().equals(name)) {
        return (ObjectNode) p;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static JsonNode node(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code key} of the model entry with {@code json}. */
  private static Consumer<ObjectNode> set(String key, String json) {
    return root -> entry(root).set(key, node(json));
  }

  private static Consumer<ObjectNode> remove(String key) {
    return root -> entry(root).remove(key);
  }

  private static Consumer<ObjectNode> setParam(String name, String key, String json) {
    return root -> param(root, name).set(key, node(json));
  }

  private static ModelCatalog parse(JsonNode root) {
    return ModelCatalog.parse(root.toString(), "test.json");
  }

  @Test
  void theValidCatalogLoadsWithEveryMapping() {
    ModelCatalog catalog = parse(valid());

    assertEquals("p", catalog.provider());
    assertEquals(List.of("m"), List.copyOf(catalog.models().keySet()));
    ModelSpec m = catalog.require("m");
    assertEquals("Model", m.name());
    assertEquals("owner/m", m.endpoint());
    assertEquals("1", m.version());
    assertEquals(12, m.params().size());
    assertEquals("prompt", m.promptParam());
    assertEquals("negative_prompt", m.negativePromptParam());
    assertEquals(new FieldMappings.Count("num_images", 4), m.count());
    assertEquals("seed", m.seed().param());
    assertEquals(new SeedSpec(SeedSpec.Type.INTEGER, 0, 4294967295L, null), m.seed().spec());
    assertEquals("enable_safety_checker", m.safety().param());
    assertEquals(Set.of("STANDARD", "OFF"), m.safety().values().keySet());
    assertEquals(new FieldMappings.Ranged("output_quality", 0, 100), m.quality());
    assertEquals(new FieldMappings.Ranged("num_inference_steps", 1, 50), m.steps());
    assertEquals(new FieldMappings.Ranged("guidance_scale", 0, 20), m.guidance());
    assertEquals(new FieldMappings.References("image_url", 1), m.references());
    assertEquals(node("{\"sync_mode\": false}"), m.fixed());

    SizeMapping.Presets size = assertInstanceOf(SizeMapping.Presets.class, m.size());
    assertEquals("image_size", size.param());
    assertEquals(
        List.of(
            "square_hd",
            "square",
            "portrait_4_3",
            "portrait_16_9",
            "landscape_4_3",
            "landscape_16_9"),
        List.copyOf(size.capability().presets().keySet()),
        "the named set, in its order");
    assertEquals(new PixelSize(576, 1024), size.capability().presets().get("portrait_16_9"));
    assertEquals(DimensionRule.of(512, 2048, 16), size.capability().custom());
    assertEquals("landscape_4_3", size.capability().defaultPreset());

    ModelCapabilities caps = m.capabilities();
    assertEquals(4, caps.maxImagesPerCall());
    assertEquals(Set.of(SafetyLevel.STANDARD, SafetyLevel.OFF), caps.safetyLevels());
    assertEquals(Set.of(ImageFormat.PNG, ImageFormat.JPEG), caps.formats());
    assertEquals(ModelCapabilities.Range.wholeNumbers(0, 100), caps.quality());
    assertTrue(caps.negativePrompt());
    assertEquals(ModelCapabilities.Range.wholeNumbers(1, 50), caps.steps());
    assertEquals(1, caps.maxReferenceImages());
    assertEquals(new PixelSize(1024, 768), caps.size().defaultSize());
  }

  @Test
  void aSizeMayBeDecidedByTheVendorAndIsNotOtherwise() {
    assertFalse(parse(valid()).require("m").sizeDecidedByVendor());
    ObjectNode root = valid();
    ((ObjectNode) entry(root).get("size")).put("pixelsDecidedByVendor", true);
    ModelSpec m = parse(root).require("m");
    assertTrue(m.sizeDecidedByVendor());
    assertInstanceOf(SizeMapping.Presets.class, m.size(), "the size mapping is read as before");
  }

  @Test
  void aMinimalEntryNeedsOnlyIdParamsAndPrompt() {
    ModelCatalog catalog =
        ModelCatalog.parse(
            """
            {"models": [{"id": "tiny", "params": [{"name": "text", "type": "string"}],
                         "prompt": "text"}]}
            """,
            "tiny.json");

    ModelSpec m = catalog.require("tiny");
    assertNull(catalog.provider());
    assertEquals("tiny", m.name());
    assertNull(m.count());
    assertNull(m.seed());
    assertEquals(1, m.capabilities().maxImagesPerCall());
    assertEquals(SeedSpec.none(), m.capabilities().seed());
    assertInstanceOf(SizeMapping.None.class, m.size());
  }

  @Test
  void anEmptyModelListIsAnEmptyCatalog() {
    assertTrue(ModelCatalog.parse("{\"models\": []}", "empty.json").models().isEmpty());
  }

  @Test
  void findLooksUpByIdOrEndpointAndRequireNamesTheKnownModels() {
    ModelCatalog catalog = parse(valid());

    assertSame(catalog.find("m"), catalog.find("owner/m"));
    assertNull(catalog.find("other"));
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> catalog.require("other"));
    assertEquals("model", e.field());
    assertTrue(e.getMessage().contains("'other'"), e.getMessage());
    assertTrue(e.getMessage().contains("provider p"), e.getMessage());
    assertTrue(e.getMessage().contains("known: m"), e.getMessage());
  }

  @Test
  void theCatalogIsImmutable() {
    ModelCatalog catalog = parse(valid());
    assertThrows(UnsupportedOperationException.class, () -> catalog.models().remove("m"));
    assertThrows(
        UnsupportedOperationException.class, () -> catalog.require("m").params().remove("prompt"));
  }

  @Test
  void aMissingResourceIsReportedByName() {
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () -> ModelCatalog.fromResource(ModelCatalogTest.class, "catalog/nope.json"));
    assertEquals("io/genport/spi/catalog/catalog/nope.json", e.source());
    assertTrue(
        e.getMessage().contains("/io/genport/spi/catalog/catalog/nope.json"), e.getMessage());
  }

  @Test
  void aResourceNameIsResolvedAsClassGetResourceDoes() {
    // Relative: next to the anchor's package, as Class.getResource reads it.
    assertEquals(
        "io/genport/spi/catalog/acme-catalog.json",
        ModelCatalog.resourcePath(ModelCatalogTest.class, "acme-catalog.json"));
    // Absolute: from the class-loader root.
    assertEquals(
        "catalog/seed-models.json",
        ModelCatalog.resourcePath(ModelCatalogTest.class, "/catalog/seed-models.json"));
    // The seed catalog lives at the root: absolute finds it, relative does not.
    assertFalse(
        ModelCatalog.fromResource(ModelCatalogTest.class, "/catalog/seed-models.json")
            .models()
            .isEmpty());
    assertTrue(ModelCatalog.resourceExists(ModelCatalogTest.class, "/catalog/seed-models.json"));
    assertFalse(ModelCatalog.resourceExists(ModelCatalogTest.class, "catalog/seed-models.json"));
    CatalogFormatException relative =
        assertThrows(
            CatalogFormatException.class,
            () -> ModelCatalog.fromResource(ModelCatalogTest.class, "catalog/seed-models.json"));
    assertEquals("io/genport/spi/catalog/catalog/seed-models.json", relative.source());
  }

  @Test
  void notJsonIsReportedWithTheLine() {
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () -> ModelCatalog.parse("{\"models\": [\n  {\"id\": \"m\",,}]}", "broken.json"));

    assertEquals("broken.json", e.source());
    assertNull(e.model());
    assertEquals("(json)", e.field());
    assertTrue(e.getMessage().contains("catalog broken.json"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void emptyInputIsNotACatalog() {
    CatalogFormatException e =
        assertThrows(CatalogFormatException.class, () -> ModelCatalog.parse("", "empty.json"));
    assertEquals("(root)", e.field());
  }

  @Test
  void aDuplicateIdNamesTheModel() {
    ObjectNode root = valid();
    ((ArrayNode) root.get("models")).add(entry(root).deepCopy());

    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(root));

    assertEquals("m", e.model());
    assertEquals("id", e.field());
    assertTrue(e.getMessage().contains("model 'm'"), e.getMessage());
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void aProblemInTheSecondEntryNamesThatEntry() {
    ObjectNode root = valid();
    ObjectNode second = entry(root).deepCopy();
    second.put("id", "m2");
    second.with("count").put("max", 0);
    ((ArrayNode) root.get("models")).add(second);

    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(root));

    assertEquals("m2", e.model());
    assertEquals("count.max", e.field());
  }

  @Test
  void anEntryWithoutAnIdIsNamedByItsIndex() {
    ObjectNode root = valid();
    ObjectNode second = entry(root).deepCopy();
    second.remove("id");
    ((ArrayNode) root.get("models")).add(second);

    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(root));

    assertEquals("#1", e.model());
    assertEquals("id", e.field());
    assertTrue(e.getMessage().contains("model '#1'"), e.getMessage());
    assertTrue(e.getMessage().contains("field id"), e.getMessage());
  }

  /**
   * One malformed entry per case: what to change, the expected {@code field()} and a fragment the
   * message must contain (besides the model and the field, which every case checks).
   */
  static Stream<Arguments> malformed() {
    return Stream.of(
        // the catalog itself
        c("root is an array", r -> {}, "(root)", "JSON object"),
        c("missing models", r -> r.remove("models"), "models", "must be an array"),
        c("models is an object", r -> r.set("models", node("{}")), "models", "must be an array"),
        c("unknown catalog key", r -> r.put("modles", "x"), "modles", "unknown key"),
        // the entry
        c(
            "entry is not an object",
            r -> ((ArrayNode) r.get("models")).set(0, node("\"m\"")),
            "(entry)",
            "JSON object"),
        c("missing id", remove("id"), "id", "is required"),
        c("blank id", set("id", "\"  \""), "id", "non-blank string"),
        c("numeric id", set("id", "7"), "id", "non-blank string"),
        c("unknown key", set("sizes", "{}"), "sizes", "unknown key"),
        c("missing params", remove("params"), "params", "non-empty array"),
        c("empty params", set("params", "[]"), "params", "non-empty array"),
        c("missing prompt", remove("prompt"), "prompt", "is required"),
        c("blank name", set("name", "\"\""), "name", "non-blank string"),
        // the parameter table
        c(
            "duplicate param",
            root ->
                ((ArrayNode) entry(root).get("params"))
                    .add(node("{\"name\": \"seed\", \"type\": \"integer\"}")),
            "params[12].name",
            "'seed' is listed twice"),
        c(
            "unknown param type",
            setParam("seed", "type", "\"int\""),
            "params[4].type",
            "'int' is not a type"),
        c(
            "param without a type",
            root -> param(root, "seed").remove("type"),
            "params[4].type",
            "is required"),
        c(
            "param that is not an object",
            root -> ((ArrayNode) entry(root).get("params")).add("seed"),
            "params[12]",
            "must be an object"),
        c(
            "unknown param key",
            setParam("seed", "requried", "true"),
            "params[4].requried",
            "unknown key"),
        c(
            "required is not a boolean",
            setParam("seed", "required", "\"yes\""),
            "params[4].required",
            "true or false"),
        c("empty enum", setParam("seed", "enum", "[]"), "params[4].enum", "non-empty array"),
        c("param max below min", setParam("num_images", "min", "5"), "params[3].max", "below min"),
        c(
            "param min not a number",
            setParam("num_images", "min", "\"one\""),
            "params[3].min",
            "must be a number"),
        c(
            "default not in the enum",
            setParam("output_format", "default", "\"gif\""),
            "params[6].default",
            "'gif'"),
        c(
            "integer default given as a string",
            setParam("num_inference_steps", "default", "\"28\""),
            "params[8].default",
            "integer"),
        c(
            "integer default with a fraction",
            setParam("num_inference_steps", "default", "28.5"),
            "params[8].default",
            "integer"),
        c(
            "number default given as a string",
            setParam("guidance_scale", "default", "\"3.5\""),
            "params[9].default",
            "number"),
        c(
            "boolean default given as a string",
            setParam("sync_mode", "default", "\"False\""),
            "params[11].default",
            "boolean"),
        c(
            "string default given as a number",
            setParam("output_format", "default", "1"),
            "params[6].default",
            "string"),
        // mappings naming parameters
        c(
            "prompt names an unknown parameter",
            set("prompt", "\"text\""),
            "prompt",
            "'text', which is not in params"),
        c(
            "negative prompt names an unknown parameter",
            set("negativePrompt", "\"neg\""),
            "negativePrompt",
            "'neg'"),
        c(
            "count names an unknown parameter",
            set("count", "{\"param\": \"n_images\", \"max\": 4}"),
            "count.param",
            "'n_images', which is not in params"),
        c(
            "seed names an unknown parameter",
            set("seed", "{\"param\": \"image_seed\"}"),
            "seed.param",
            "'image_seed'"),
        c(
            "size names an unknown parameter",
            set("size", "{\"kind\": \"presets\", \"param\": \"size\", \"presets\": \"fal\"}"),
            "size.param",
            "'size'"),
        c(
            "safety names an unknown parameter",
            set("safety", "{\"param\": \"safe\", \"values\": {\"OFF\": false}}"),
            "safety.param",
            "'safe'"),
        c(
            "quality names an unknown parameter",
            set("quality", "{\"param\": \"q\"}"),
            "quality.param",
            "'q'"),
        c("steps without a parameter", set("steps", "{\"min\": 1}"), "steps.param", "required"),
        c(
            "reference images name an unknown parameter",
            set("referenceImages", "{\"param\": \"image\"}"),
            "referenceImages.param",
            "'image'"),
        c(
            "fixed names an unknown parameter",
            set("fixed", "{\"sync\": true}"),
            "fixed.sync",
            "'sync'"),
        c("fixed is not an object", set("fixed", "[]"), "fixed", "object"),
        c(
            "fixed value of the wrong type",
            set("fixed", "{\"sync_mode\": \"false\"}"),
            "fixed.sync_mode",
            "boolean"),
        c(
            "fixed value not in the enum",
            set("fixed", "{\"output_format\": \"gif\"}"),
            "fixed.output_format",
            "'gif'"),
        // size
        c(
            "unknown size kind",
            set("size", "{\"kind\": \"pixels\", \"param\": \"image_size\"}"),
            "size.kind",
            "'pixels' is not a size kind"),
        c(
            "size without a kind",
            set("size", "{\"param\": \"image_size\"}"),
            "size.kind",
            "required"),
        c(
            "unknown size key",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"fal\","
                    + " \"default\": \"square\"}"),
            "size.default",
            "unknown key"),
        c(
            "unknown key in the custom rule",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"fal\","
                    + " \"custom\": {\"min\": 512, \"max\": 2048, \"multple\": 16}}"),
            "size.custom.multple",
            "unknown key"),
        c(
            "preset not in the enum",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\","
                    + " \"presets\": {\"square_hd\": \"1024x1024\", \"huge\": \"4096x4096\"}}"),
            "size.presets",
            "'huge'"),
        c(
            "presets naming a set the catalog does not define",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"sdxl\"}"),
            "size.presets",
            "'sdxl' is not a preset set of this catalog; define it under sizePresets (defined:"
                + " [fal])"),
        c(
            "presets neither a set name nor an object",
            set("size", "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": 4}"),
            "size.presets",
            "must name a set under sizePresets or map names to WxH"),
        c(
            "bad WxH in a preset",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\","
                    + " \"presets\": {\"square_hd\": \"1024 by 1024\"}}"),
            "size.presets.square_hd",
            "'1024 by 1024' is not a size"),
        c(
            "zero-sized preset",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\","
                    + " \"presets\": {\"square_hd\": \"0x1024\"}}"),
            "size.presets.square_hd",
            "'0x1024'"),
        c(
            "custom max below min",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"fal\","
                    + " \"custom\": {\"min\": 2048, \"max\": 512}}"),
            "size.custom.max",
            "below"),
        c(
            "custom without max",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"fal\","
                    + " \"custom\": {\"min\": 512}}"),
            "size.custom.max",
            "required"),
        c(
            "custom multiple that fits nowhere",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"fal\","
                    + " \"custom\": {\"min\": 500, \"max\": 510, \"multiple\": 64}}"),
            "size.custom",
            "no multiple of 64"),
        c(
            "custom pixel cap not a number",
            set(
                "size",
                "{\"kind\": \"presets\", \"param\": \"image_size\", \"presets\": \"fal\","
                    + " \"custom\": {\"min\": 512, \"max\": 2048, \"maxPixels\": \"4MP\"}}"),
            "size.custom.maxPixels",
            "integer"),
        c(
            "ratio not in the enum",
            root -> {
              entry(root).set("params", node(RATIO_PARAMS));
              entry(root)
                  .set(
                      "size",
                      node(
                          "{\"kind\": \"aspect_ratio\", \"param\": \"aspect_ratio\","
                              + " \"ratios\": [\"1:1\", \"21:9\"]}"));
              clearMappings(root);
            },
            "size.ratios",
            "'21:9' is not an allowed value of parameter 'aspect_ratio'"),
        c(
            "ratio that is not W:H",
            root -> {
              entry(root).set("params", node(RATIO_PARAMS));
              entry(root)
                  .set(
                      "size",
                      node(
                          "{\"kind\": \"aspect_ratio\", \"param\": \"aspect_ratio\","
                              + " \"ratios\": [\"wide\"]}"));
              clearMappings(root);
            },
            "size.ratios",
            "'wide' is not an aspect ratio"),
        c(
            "custom value not in the enum",
            root -> {
              entry(root).set("params", node(RATIO_PARAMS));
              entry(root)
                  .set(
                      "size",
                      node(
                          "{\"kind\": \"aspect_ratio\", \"param\": \"aspect_ratio\", \"custom\":"
                              + " {\"value\": \"free\", \"width\": \"width\", \"height\":"
                              + " \"height\", \"min\": 256, \"max\": 1440}}"));
              clearMappings(root);
            },
            "size.ratios",
            "'free'"),
        c(
            "megapixels label not in the enum",
            root -> {
              entry(root).set("params", node(RATIO_PARAMS));
              entry(root)
                  .set(
                      "size",
                      node(
                          "{\"kind\": \"aspect_ratio\", \"param\": \"aspect_ratio\","
                              + " \"megapixels\": {\"param\": \"megapixels\","
                              + " \"values\": {\"1\": 1, \"2\": 2}}}"));
              clearMappings(root);
            },
            "size.megapixels.values",
            "'2'"),
        c(
            "size label not in the enum",
            root -> {
              entry(root).set("params", node(SIZES_PARAMS));
              entry(root)
                  .set(
                      "size",
                      node(
                          "{\"kind\": \"sizes\", \"param\": \"image_size\","
                              + " \"sizes\": [\"1024x1024\", \"2048x2048\"]}"));
              clearMappings(root);
            },
            "size.sizes",
            "'2048x2048' is not an allowed value"),
        c(
            "bad WxH in a size list",
            root -> {
              entry(root)
                  .set(
                      "params",
                      node(
                          "[{\"name\": \"prompt\", \"type\": \"string\"}, {\"name\":"
                              + " \"image_size\", \"type\": \"string\", \"enum\": [\"1024x1024\","
                              + " \"auto\"]}]"));
              entry(root).set("size", node("{\"kind\": \"sizes\", \"param\": \"image_size\"}"));
              clearMappings(root);
            },
            "size.sizes",
            "'auto' is not a size"),
        // safety and format
        c(
            "unknown canonical safety level",
            set("safety", "{\"param\": \"enable_safety_checker\", \"values\": {\"MEDIUM\": true}}"),
            "safety.values.MEDIUM",
            "STRICT, STANDARD, RELAXED, OFF"),
        c(
            "lower-case canonical safety level",
            set("safety", "{\"param\": \"enable_safety_checker\", \"values\": {\"off\": false}}"),
            "safety.values.off",
            "not a canonical value"),
        c(
            "safety without values",
            set("safety", "{\"param\": \"enable_safety_checker\"}"),
            "safety.values",
            "must map"),
        c(
            "safety value of the wrong type",
            set(
                "safety",
                "{\"param\": \"enable_safety_checker\", \"values\": {\"OFF\": \"false\"}}"),
            "safety.values.OFF",
            "boolean"),
        c(
            "unknown canonical format",
            set("format", "{\"param\": \"output_format\", \"values\": {\"JPG\": \"jpeg\"}}"),
            "format.values.JPG",
            "PNG, JPEG, WEBP"),
        c(
            "format value not in the enum",
            set("format", "{\"param\": \"output_format\", \"values\": {\"JPEG\": \"jpg\"}}"),
            "format.values",
            "'jpg' is not an allowed value of parameter 'output_format'"),
        // count, seed, ranges
        c(
            "count.max 0",
            set("count", "{\"param\": \"num_images\", \"max\": 0}"),
            "count.max",
            "between 1 and"),
        c(
            "count.max negative",
            set("count", "{\"param\": \"num_images\", \"max\": -2}"),
            "count.max",
            "between 1 and"),
        c(
            "count.max not an integer",
            set("count", "{\"param\": \"num_images\", \"max\": 2.5}"),
            "count.max",
            "integer"),
        c(
            "count without max",
            set("count", "{\"param\": \"num_images\"}"),
            "count.max",
            "required"),
        c(
            "unknown count key",
            set("count", "{\"param\": \"num_images\", \"max\": 4, \"min\": 1}"),
            "count.min",
            "unknown key"),
        c(
            "seed max below min",
            set("seed", "{\"param\": \"seed\", \"min\": 10, \"max\": 1}"),
            "seed.max",
            "below"),
        c(
            "seed min not a number",
            set("seed", "{\"param\": \"seed\", \"min\": \"zero\"}"),
            "seed.min",
            "integer"),
        c(
            "seed random sentinel not a number",
            set("seed", "{\"param\": \"seed\", \"random\": \"-1\"}"),
            "seed.random",
            "integer"),
        c(
            "quality max below min",
            set("quality", "{\"param\": \"output_quality\", \"min\": 50, \"max\": 10}"),
            "quality.max",
            "below min"),
        c(
            "steps max below min",
            set("steps", "{\"param\": \"num_inference_steps\", \"min\": 10, \"max\": 1}"),
            "steps.max",
            "below min"),
        c(
            "guidance min not a number",
            set("guidance", "{\"param\": \"guidance_scale\", \"min\": \"low\"}"),
            "guidance.min",
            "must be a number"),
        c(
            "vendor-decided size flag not a boolean",
            root -> ((ObjectNode) entry(root).get("size")).put("pixelsDecidedByVendor", "yes"),
            "size.pixelsDecidedByVendor",
            "true or false"),
        c(
            "reference max 0",
            set("referenceImages", "{\"param\": \"image_url\", \"max\": 0}"),
            "referenceImages.max",
            "between 1 and"));
  }

  private static Arguments c(
      String scenario, Consumer<ObjectNode> change, String field, String fragment) {
    return Arguments.of(scenario, change, field, fragment);
  }

  private static final String RATIO_PARAMS =
      "[{\"name\": \"prompt\", \"type\": \"string\"},"
          + " {\"name\": \"aspect_ratio\", \"type\": \"string\", \"enum\": [\"custom\", \"1:1\","
          + " \"16:9\"]},"
          + " {\"name\": \"width\", \"type\": \"integer\"}, {\"name\": \"height\", \"type\":"
          + " \"integer\"},"
          + " {\"name\": \"megapixels\", \"type\": \"string\", \"enum\": [\"1\", \"0.25\"]}]";

  private static final String SIZES_PARAMS =
      "[{\"name\": \"prompt\", \"type\": \"string\"},"
          + " {\"name\": \"image_size\", \"type\": \"string\", \"enum\": [\"1024x1024\","
          + " \"1536x1024\"]}]";

  /** Removes every mapping but prompt and size, for cases that replace the parameter table. */
  private static void clearMappings(ObjectNode root) {
    for (String k :
        List.of(
            "negativePrompt",
            "count",
            "seed",
            "safety",
            "format",
            "quality",
            "steps",
            "guidance",
            "referenceImages",
            "fixed")) {
      entry(root).remove(k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedEntryFailsNamingTheEntryAndTheField(
      String scenario, Consumer<ObjectNode> change, String field, String fragment) {
    ObjectNode root = valid();
    JsonNode input = root;
    if (scenario.equals("root is an array")) {
      input = JSON.createArrayNode().add(root);
    } else {
      change.accept(root);
    }
    JsonNode finalInput = input;

    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () -> ModelCatalog.parse(finalInput.toString(), "test.json"),
            scenario);

    assertEquals(field, e.field(), e.getMessage());
    assertEquals("test.json", e.source());
    String message = e.getMessage();
    assertTrue(message.startsWith("catalog test.json"), message);
    assertTrue(message.contains("field " + field + ":"), message);
    assertTrue(message.contains(fragment), message);
    boolean catalogLevel = Set.of("(root)", "models", "modles").contains(field);
    if (catalogLevel) {
      assertNull(e.model(), message);
    } else {
      String expectedModel =
          Set.of("missing id", "blank id", "numeric id", "entry is not an object")
                  .contains(scenario)
              ? "#0"
              : "m";
      assertEquals(expectedModel, e.model(), message);
      assertTrue(message.contains("model '" + expectedModel + "'"), message);
    }
  }

  @Test
  void theFirstProblemIsReported() {
    ObjectNode root = valid();
    entry(root).put("colour", "red");
    entry(root).with("count").put("max", 0);

    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(root));

    assertEquals("colour", e.field());
  }

  @Test
  void aDefaultOfNullMeansNoDefault() {
    ObjectNode root = valid();
    param(root, "seed").set("default", node("null"));

    assertNull(parse(root).require("m").param("seed").defaultValue());
  }

  @Test
  void integralNumbersAreValidIntegerDefaults() {
    ObjectNode root = valid();
    param(root, "num_inference_steps").set("default", node("28.0"));

    assertEquals(28, parse(root).require("m").param("num_inference_steps").defaultValue().asInt());
  }

  @Test
  void aStringTypedSeedIsReadAsAStringSeed() {
    ObjectNode root = valid();
    param(root, "seed").put("type", "string");

    assertEquals(SeedSpec.Type.STRING, parse(root).require("m").seed().spec().type());
  }

  @Test
  void aSeedMappingTakesARandomSentinel() {
    ObjectNode root = valid();
    entry(root).set("seed", node("{\"param\": \"seed\", \"min\": 0, \"random\": -1}"));

    SeedSpec spec = parse(root).require("m").seed().spec();
    assertEquals(-1L, spec.randomSentinel());
    assertEquals(SeedSpec.UINT32_MAX, spec.max());
  }

  @Test
  void rangesDefaultToTheParameterLimits() {
    ObjectNode root = valid();
    entry(root).set("quality", node("{\"param\": \"output_quality\"}"));

    assertEquals(
        new FieldMappings.Ranged("output_quality", 0, 100), parse(root).require("m").quality());
  }

  @Test
  void ofRejectsDuplicateIds() {
    ModelSpec m = parse(valid()).require("m");
    assertThrows(IllegalArgumentException.class, () -> ModelCatalog.of("p", List.of(m, m)));
    assertEquals(Map.of("m", m), ModelCatalog.of("p", List.of(m)).models());
  }

  /** A model whose width and height are enumerations, with the size entry {@code size}. */
  private static String listedSides(String size) {
    return """
        {"models": [{"id": "k",
          "params": [{"name": "prompt", "type": "string"},
                     {"name": "width", "type": "integer", "enum": [384, 512, 768, 1024]},
                     {"name": "height", "type": "integer", "enum": ["384", "512", "768"]}],
          "prompt": "prompt",
          "size": %s}]}
        """
        .formatted(size);
  }

  @Test
  void sidesListEveryAllowedWidthAndHeight() {
    ModelSpec m =
        ModelCatalog.parse(
                listedSides(
                    "{\"kind\": \"dimensions\", \"width\": \"width\", \"height\": \"height\","
                        + " \"sides\": [768, 384, 512], \"minPixels\": 200000}"),
                "k.json")
            .require("k");
    DimensionRule rule = ((SizeCapability.FreeDimensions) m.capabilities().size()).rule();
    assertEquals(List.of(384, 512, 768), rule.sides());
    assertEquals(200_000L, rule.minPixels());
    assertFalse(rule.allows(new PixelSize(384, 384)), "below the pixel floor");
    assertTrue(rule.allows(new PixelSize(384, 768)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[384, 1024] | size.sides | '1024' is not an allowed value of parameter 'height'",
        "[] | size.sides | must be a non-empty array",
        "[384, 384] | size.sides | 384 is listed twice",
        "[384, 1.5] | size.sides | 1.5 is not a positive whole number"
      })
  void badSidesAreRejectedNamingTheField(String sides, String field, String problem) {
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () ->
                ModelCatalog.parse(
                    listedSides(
                        "{\"kind\": \"dimensions\", \"width\": \"width\","
                            + " \"height\": \"height\", \"sides\": "
                            + sides
                            + "}"),
                    "k.json"));
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void sidesTakeNoMinMaxOrMultiple() {
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () ->
                ModelCatalog.parse(
                    listedSides(
                        "{\"kind\": \"dimensions\", \"width\": \"width\", \"height\":"
                            + " \"height\", \"sides\": [384, 512], \"multiple\": 128}"),
                    "k.json"));
    assertEquals("size.multiple", e.field());
    assertTrue(e.getMessage().contains("sides lists every allowed value"), e.getMessage());
  }

  @Test
  void aSpecThatMapsAParameterOutsideItsTableCannotBeBuilt() {
    ParamSpec prompt =
        new ParamSpec("prompt", ParamSpec.Type.STRING, true, null, List.of(), null, null, null);
    ModelSpec.Builder b =
        ModelSpec.builder("x")
            .params(List.of(prompt))
            .promptParam("prompt")
            .size(new SizeMapping.None(new SizeCapability.NoSize(null)));
    assertEquals("x", b.build().name(), "the name defaults to the id");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.count(new FieldMappings.Count("num_images", 4)).build());
    assertTrue(e.getMessage().contains("'num_images'"), e.getMessage());
  }

  @Test
  void aParameterTypeIsOneOfTheJsonTypes() {
    assertEquals(ParamSpec.Type.INTEGER, ParamSpec.Type.parse("integer"));
    assertEquals("integer", ParamSpec.Type.INTEGER.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.Type.parse("int"));
    assertTrue(e.getMessage().contains("string, integer, number, boolean, array, object"));
  }

  @Test
  void aPresetSetMustBeDefinedByTheCatalog() {
    ObjectNode root = valid();
    root.remove("sizePresets");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(root));
    assertEquals("size.presets", e.field());
    assertTrue(e.getMessage().contains("'fal' is not a preset set of this catalog"));

    ObjectNode bad = valid();
    ((ObjectNode) bad.get("sizePresets").get("fal")).put("square", "big");
    e = assertThrows(CatalogFormatException.class, () -> parse(bad));
    assertEquals("sizePresets.fal.square", e.field());
  }

  @Test
  void configuredModelsMayNameTheBaseCatalogsPresetSets() {
    ModelCatalog base = parse(valid());
    ObjectNode extra = valid();
    extra.remove("sizePresets");
    entry(extra).put("id", "configured");
    ModelCatalog merged =
        base.withConfiguredModels(
            new io.genport.spi.ProviderConfig(Map.of(ModelCatalog.CONFIG_KEY, extra.toString())));
    assertEquals(
        base.require("m").size().capability(), merged.require("configured").size().capability());
  }

  @Test
  void configuredModelsAreCheckedBeforeTheProvidersPresetSetsAreKnown() {
    ObjectNode extra = valid();
    extra.remove("sizePresets");
    ModelCatalog checked = ModelCatalog.parseConfigured(extra, "genport.yaml");
    assertEquals("none", checked.require("m").size().capability().kind());
    // every other problem is still found
    entry(extra).set("count", node("{\"param\": \"n\", \"max\": 4}"));
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () -> ModelCatalog.parseConfigured(extra, "genport.yaml"));
    assertEquals("count.param", e.field());
  }

  @Test
  void aRatioIsWrittenAsItIsSent() {
    ObjectNode root = valid();
    entry(root).remove("size");
    entry(root)
        .set(
            "size",
            node(
                "{\"kind\": \"aspect_ratio\", \"param\": \"image_size\", \"ratios\": [\"16/9\"]}"));
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(root));
    assertEquals("size.ratios", e.field());
    assertTrue(e.getMessage().contains("must be written 16:9"), e.getMessage());
  }
}
