package io.genport.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import io.genport.spitck.seed.CatalogSeedCheck;
import io.genport.spitck.seed.SeedModel;
import io.genport.spitck.seed.SeedModelTables;
import io.genport.spitck.seed.SeedParam;
import io.genport.spitck.seed.SeedTables;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FalCatalogTest {
  static final String RESOURCE = "fal-catalog.json";
  static final String GENERIC = "generic";

  /** The models of seed 000 whose tables speak fal's dialect. */
  static final List<String> FAL_STYLE_SLUGS =
      List.of(
          "xai-grok-imagine-text-to-image",
          "flux-2-klein-9b-base-text-to-image",
          "flux-2-klein-4b-base-text-to-image",
          "flux-2-klein-4b-text-to-image",
          "wan-v2-6-text-to-image",
          "flux-2-turbo-text-to-image",
          "flux-2-flash-text-to-image",
          "gpt-image-v1-5-text-to-image",
          "flux-2-max-text-to-image",
          "z-image-turbo-lora",
          "z-image-turbo-text-to-image",
          "bytedance-seedream-v4-5-text-to-image",
          "ovis-image",
          "flux-2-pro",
          "flux-2-flex",
          "flux-2-lora",
          "flux-2",
          "gemini-3-pro-image-preview",
          "nano-banana-pro",
          "bfl-flux-lora",
          "reve-text-to-image",
          "hunyuan-image-v3-text-to-image",
          "wan-2-5-preview-text-to-image",
          "tencent-flux-srpo-text-to-image",
          "tencent-flux-1-srpo-text-to-image",
          "seedream-v4-text-to-image",
          "juggernaut-flux-lora",
          "flux-kontext-lora-text-to-image",
          "imagen4-preview",
          "nano-banana",
          "seedream-v3-text-to-image",
          "minimax-text-to-image");

  static final List<String> FAL_PRESETS =
      List.of(
          "square_hd",
          "square",
          "portrait_4_3",
          "portrait_16_9",
          "landscape_4_3",
          "landscape_16_9");

  static final ModelCatalog CATALOG = ModelCatalog.fromResource(FalCatalogTest.class, RESOURCE);

  static Translation translate(String model, GenerationRequest request) {
    return NativeTranslator.translate(request, CATALOG.require(model), "fal", new Random(7));
  }

  static ObjectNode body(String model, GenerationRequest request) {
    Translation t = translate(model, request);
    assertEquals(1, t.bodies().size());
    return t.bodies().get(0);
  }

  @Test
  void loadsAsAFalCatalog() {
    assertEquals("fal", CATALOG.provider());
    assertEquals(FAL_STYLE_SLUGS.size() + 1, CATALOG.models().size());
    for (ModelSpec m : CATALOG.models().values()) {
      assertEquals("0.0.1", m.version(), m.id());
      assertEquals("prompt", m.promptParam(), m.id());
      if (m.id().equals(GENERIC)) {
        assertNull(m.endpoint(), "generic serves any endpoint id");
      } else {
        assertNotNull(m.endpoint(), m.id());
        assertTrue(m.endpoint().matches("[a-z0-9-]+(/[a-z0-9.-]+)+"), m.endpoint());
        assertNull(m.fixed(), m.id() + ": nothing is fixed; the provider sets sync_mode");
      }
    }
    assertEquals(
        CATALOG.require("flux-2-lora"), CATALOG.find("fal-ai/flux-2/lora"), "found by endpoint");
  }

  @Test
  void holdsEveryFalStyleSlugAndNothingElse() {
    Set<String> ids = new LinkedHashSet<>(CATALOG.models().keySet());
    assertTrue(ids.remove(GENERIC));
    assertEquals(new TreeSet<>(FAL_STYLE_SLUGS), new TreeSet<>(ids));
    assertEquals(
        FAL_STYLE_SLUGS.size(),
        CATALOG.models().values().stream()
            .map(ModelSpec::endpoint)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .count(),
        "one endpoint per model (generic has none)");
  }

  @TestFactory
  Stream<DynamicTest> everyEntryMatchesItsSeedTable() {
    SeedModelTables seed = SeedTables.seed000();
    return CATALOG.models().values().stream()
        .filter(m -> !m.id().equals(GENERIC))
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(), () -> CatalogSeedCheck.assertMatches(m, seed.require(m.id()))));
  }

  @Test
  void theSelectionIsExactlyTheSeedModelsThatSpeakFalsDialect() {
    SeedModelTables seed = SeedTables.seed000();
    assertEquals(62, seed.size());
    List<String> falStyle = new ArrayList<>();
    for (SeedModel m : seed.models().values()) {
      SeedParam size = m.param("image_size");
      boolean presets =
          size != null
              && size.options().size() >= FAL_PRESETS.size()
              && size.options().subList(0, FAL_PRESETS.size()).equals(FAL_PRESETS);
      if (presets
          || m.param("num_images") != null
          || m.param("enable_safety_checker") != null
          || m.param("sync_mode") != null) {
        falStyle.add(m.slug());
      }
    }
    assertEquals(FAL_STYLE_SLUGS, falStyle, "in seed order");
  }

  @TestFactory
  Stream<DynamicTest> aSimpleRequestTranslatesForEveryModel() {
    GenerationRequest simple =
        GenerationRequest.builder("a red fox in the snow, 35mm photo").build();
    return CATALOG.models().values().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(),
                    () -> {
                      Translation t = translate(m.id(), simple);
                      assertEquals(1, t.bodies().size());
                      ObjectNode body = t.bodies().get(0);
                      assertOnlyKnownKeys(m, body);
                      assertEquals(
                          "a red fox in the snow, 35mm photo", body.get("prompt").asText());
                      assertFalse(body.has("sync_mode"), "the provider sets sync_mode");
                      assertEquals(List.of(), t.adaptations(), "nothing to adapt");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aFullRequestTranslatesForEveryModel() {
    GenerationRequest full =
        GenerationRequest.builder("isometric city")
            .negativePrompt("blurry")
            .size(Size.exact(1280, 720))
            .count(6)
            .seed(7L)
            .safety(SafetyLevel.OFF)
            .format(ImageFormat.PNG)
            .steps(20)
            .guidance(3.0)
            .build();
    return CATALOG.models().values().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(),
                    () -> {
                      Translation t = translate(m.id(), full);
                      int images = 0;
                      for (ObjectNode body : t.bodies()) {
                        assertOnlyKnownKeys(m, body);
                        images += m.count() == null ? 1 : body.get(m.count().param()).asInt();
                      }
                      assertEquals(6, images, "every requested image is asked for");
                    }));
  }

  static void assertOnlyKnownKeys(ModelSpec m, JsonNode body) {
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      assertNotNull(m.param(name), m.id() + " sent '" + name + "', which is not in its params");
    }
  }

  @Test
  void falPresetsAndCustomSizesGoToImageSize() {
    assertEquals(
        "landscape_16_9",
        body("flux-2", GenerationRequest.builder("x").size(Size.aspect(16, 9)).build())
            .get("image_size")
            .asText());
    JsonNode custom =
        body("flux-2", GenerationRequest.builder("x").size(Size.exact(1280, 720)).build())
            .get("image_size");
    assertEquals(1280, custom.get("width").asInt());
    assertEquals(720, custom.get("height").asInt());
    assertEquals(
        "1536x1024",
        body(
                "gpt-image-v1-5-text-to-image",
                GenerationRequest.builder("x").size(Size.exact(1536, 1024)).build())
            .get("image_size")
            .asText());
  }

  @Test
  void resolutionClassesCarryTheScale() {
    ObjectNode b =
        body(
            "nano-banana-pro",
            GenerationRequest.builder("x").size(Size.aspect(16, 9, 4.0)).build());
    assertEquals("2K", b.get("resolution").asText());
    assertEquals("16:9", b.get("aspect_ratio").asText());
  }

  @Test
  void dialectDetailsComeFromTheData() {
    GenerationRequest req =
        GenerationRequest.builder("x").seed(42L).safety(SafetyLevel.OFF).build();
    assertEquals(
        "42",
        body("tencent-flux-srpo-text-to-image", req).get("seed").textValue(),
        "the table types this seed as a string");
    assertEquals(42, body("flux-2", req).get("seed").intValue());
    assertFalse(body("flux-2", req).get("enable_safety_checker").booleanValue());
    assertEquals(1, body("nano-banana", req).get("num_images").intValue(), "required, always sent");

    Translation webp =
        translate("flux-2-pro", GenerationRequest.builder("x").format(ImageFormat.WEBP).build());
    assertFalse(webp.bodies().get(0).has("output_format"));
    assertEquals(RequestField.FORMAT, webp.adaptations().get(0).field());
  }

  /**
   * fal's output_format takes jpeg or png (docs/provider-protocols.md section 1): a model asked for
   * WebP is adapted while planning, or refused with --strict, never sent for a 422.
   */
  @Test
  void falModelsProduceOnlyJpegAndPngAndWebpIsDecidedWhilePlanning() {
    for (ModelSpec m : CATALOG.models().values()) {
      assertTrue(
          Set.of(ImageFormat.PNG, ImageFormat.JPEG).containsAll(m.capabilities().formats()),
          m.id() + " lists " + m.capabilities().formats());
    }
    assertEquals(
        Set.of(ImageFormat.PNG, ImageFormat.JPEG),
        CATALOG.require("flux-2").capabilities().formats());

    Translation webp =
        translate("flux-2", GenerationRequest.builder("x").format(ImageFormat.WEBP).build());
    assertFalse(webp.bodies().get(0).has("output_format"));
    assertEquals(RequestField.FORMAT, webp.adaptations().get(0).field());
    assertEquals("WEBP", webp.adaptations().get(0).requested());
    assertEquals(ImageFormat.PNG, webp.expectedFormat(), "flux-2's documented default");

    io.genport.core.domain.UnsupportedCapabilityException strict =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.genport.core.domain.UnsupportedCapabilityException.class,
            () ->
                translate(
                    "flux-2",
                    GenerationRequest.builder("x")
                        .format(ImageFormat.WEBP)
                        .require(RequestField.FORMAT)
                        .build()));
    assertEquals(RequestField.FORMAT, strict.field());
    assertTrue(strict.getMessage().contains("produces only [PNG, JPEG]"), strict.getMessage());
  }

  @Test
  void wanV26SplitsCountsBecauseMaxImagesIsOnlyAnUpperBound() {
    Translation t =
        translate(
            "wan-v2-6-text-to-image", GenerationRequest.builder("x").count(3).seed(1L).build());
    assertEquals(3, t.bodies().size());
    Set<Long> seeds = new TreeSet<>();
    for (ObjectNode b : t.bodies()) {
      assertFalse(b.has("max_images"));
      seeds.add(b.get("seed").longValue());
    }
    assertEquals(3, seeds.size(), "each call has its own seed");
  }

  @Test
  void wan25TakesItsWholePixelBudgetAndRatioRange() {
    // fal documents a pixel budget (768x768..1440x1440) and a ratio range (1:4..4:1), not side
    // limits: a 1:4 size at the budget's floor and 4:1 at the default scale are sent as asked.
    String wan = "wan-2-5-preview-text-to-image";
    Translation tall =
        translate(wan, GenerationRequest.builder("x").size(Size.exact(400, 1600)).build());
    assertEquals(
        "{\"width\":400,\"height\":1600}", tall.bodies().get(0).get("image_size").toString());
    assertEquals(List.of(), tall.adaptations());

    Translation wide =
        translate(wan, GenerationRequest.builder("x").size(Size.aspect(4, 1)).build());
    assertEquals(
        "{\"width\":2048,\"height\":512}", wide.bodies().get(0).get("image_size").toString());
    assertEquals(List.of(), wide.adaptations());

    // Below the budget's floor the size is scaled up to it, and the reason says so.
    Translation small =
        translate(wan, GenerationRequest.builder("x").size(Size.exact(640, 640)).build());
    assertEquals(
        "{\"width\":768,\"height\":768}", small.bodies().get(0).get("image_size").toString());
    assertEquals(
        "size 640x640 -> 768x768: size changed; at least 589824 pixels",
        small.adaptations().get(0).toString());
  }
}
