package io.genport.provider.eachlabs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.simulators.eachlabs.EachLabsModels;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.ParamSpec;
import io.genport.spi.catalog.Translation;
import io.genport.spitck.seed.CatalogSeedCheck;
import io.genport.spitck.seed.SeedModelTables;
import io.genport.spitck.seed.SeedTables;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class EachLabsCatalogTest {
  static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(EachLabsCatalogTest.class, EachLabsProviderFactory.CATALOG);

  /** The models whose required inputs a canonical request cannot provide. */
  static final Set<String> NEEDS_NATIVE_INPUTS = Set.of("photomaker", "omni-zero-couples");

  static Translation translate(String model, GenerationRequest request) {
    return NativeTranslator.translate(request, CATALOG.require(model), "eachlabs", new Random(7));
  }

  static ObjectNode body(String model, GenerationRequest request) {
    Translation t = translate(model, request);
    assertEquals(1, t.bodies().size());
    return t.bodies().get(0);
  }

  /** Whether a canonical request can fill every required parameter that has no default. */
  static boolean canonicallyTranslatable(ModelSpec m) {
    for (ParamSpec p : m.params().values()) {
      if (p.required() && p.defaultValue() == null && !p.name().equals(m.promptParam())) {
        return false;
      }
    }
    return true;
  }

  @Test
  void loadsAsTheEachLabsCatalogWithSixtyTwoModels() {
    assertEquals("eachlabs", CATALOG.provider());
    assertEquals(62, CATALOG.models().size());
    for (ModelSpec m : CATALOG.models().values()) {
      assertEquals("0.0.1", m.version(), m.id());
      assertEquals("prompt", m.promptParam(), m.id());
      assertTrue(m.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), m.id());
    }
  }

  @Test
  void holdsEverySlugOfTheSeed() {
    SeedModelTables seed = SeedTables.seed000();
    assertEquals(62, seed.size());
    assertEquals(
        new ArrayList<>(seed.models().keySet()),
        new ArrayList<>(CATALOG.models().keySet()),
        "every slug, in seed order");
  }

  @TestFactory
  Stream<DynamicTest> everyEntryMatchesItsSeedTable() {
    SeedModelTables seed = SeedTables.seed000();
    return CATALOG.models().values().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(),
                    () -> {
                      var differences = CatalogSeedCheck.differences(m, seed.require(m.id()));
                      assertEquals(
                          List.of(),
                          differences,
                          () -> CatalogSeedCheck.describe(m, seed.require(m.id()), differences));
                    }));
  }

  @Test
  void exactlyPhotomakerAndOmniZeroNeedInputsTheCanonicalRequestCannotProvide() {
    Set<String> needs = new TreeSet<>();
    for (ModelSpec m : CATALOG.models().values()) {
      if (!canonicallyTranslatable(m)) {
        needs.add(m.id());
      }
    }
    assertEquals(new TreeSet<>(NEEDS_NATIVE_INPUTS), needs);
    ParamSpec identity = CATALOG.require("photomaker").param("input_image");
    assertTrue(identity.required());
    assertEquals(null, identity.defaultValue());
    for (String p : List.of("base_image", "style_image", "identity_image_1", "identity_image_2")) {
      assertTrue(CATALOG.require("omni-zero-couples").param(p).required(), p);
    }
  }

  @TestFactory
  Stream<DynamicTest> aSimpleRequestTranslatesForEveryModelThatCanTakeIt() {
    GenerationRequest simple =
        GenerationRequest.builder("a red fox in the snow, 35mm photo").build();
    return CATALOG.models().values().stream()
        .filter(EachLabsCatalogTest::canonicallyTranslatable)
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
                      assertEquals(List.of(), t.adaptations(), "nothing to adapt");
                      for (ParamSpec p : m.params().values()) {
                        if (p.required()) {
                          assertTrue(body.has(p.name()), m.id() + " must send " + p.name());
                        }
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aFullRequestAsksForEveryImage() {
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
        .filter(EachLabsCatalogTest::canonicallyTranslatable)
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

  // ---------------------------------------------------------------- required inputs

  @Test
  void photomakerIsRejectedNamingItsIdentityImageUnlessItIsPassedNatively() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate("photomaker", GenerationRequest.builder("a photo of a man img").build()));
    assertEquals(
        "model 'photomaker' requires 'input_image' (The input image, for example a photo of your"
            + " face.), which a canonical request cannot provide; pass it as a native parameter"
            + " of provider 'eachlabs', e.g. extension(\"eachlabs\", \"input_image\", value)",
        e.getMessage().substring(e.getMessage().indexOf("model 'photomaker'")));
    assertTrue(e.getMessage().contains("input_image"));

    ObjectNode body =
        body(
            "photomaker",
            GenerationRequest.builder("a photo of a man img")
                .extension("eachlabs", "input_image", "https://example.com/me.png")
                .build());
    assertEquals("https://example.com/me.png", body.get("input_image").asText());
  }

  @Test
  void omniZeroNamesTheFirstMissingImage() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> translate("omni-zero-couples", GenerationRequest.builder("a couple").build()));
    assertTrue(e.getMessage().contains("requires 'base_image'"), e.getMessage());
    GenerationRequest.Builder b = GenerationRequest.builder("a couple");
    for (String p : List.of("base_image", "style_image", "identity_image_1", "identity_image_2")) {
      b.extension("eachlabs", p, "https://example.com/" + p + ".png");
    }
    ObjectNode body = body("omni-zero-couples", b.count(2).build());
    assertEquals(2, body.get("number_of_images").asInt());
  }

  // ---------------------------------------------------------------- dialects

  @Test
  void falStyleModelsSendPresetsOnlyBecauseTheTableTypesImageSizeAsAString() {
    assertEquals(
        "landscape_16_9",
        body("flux-2", GenerationRequest.builder("x").size(Size.aspect(16, 9)).build())
            .get("image_size")
            .asText());
    Translation exact =
        translate("flux-2", GenerationRequest.builder("x").size(Size.exact(1280, 720)).build());
    assertEquals("landscape_16_9", exact.bodies().get(0).get("image_size").asText());
    assertEquals(RequestField.SIZE, exact.adaptations().get(0).field());
    assertEquals(
        4,
        body("flux-2", GenerationRequest.builder("x").count(4).build()).get("num_images").asInt());
    assertEquals(
        "42",
        body("tencent-flux-srpo-text-to-image", GenerationRequest.builder("x").seed(42L).build())
            .get("seed")
            .textValue(),
        "the table types this seed as a string");
  }

  @Test
  void replicateStyleModelsUseAspectRatioCustomSizesAndMegapixels() {
    ObjectNode custom =
        body("flux-1-1-pro", GenerationRequest.builder("x").size(Size.exact(1280, 720)).build());
    assertEquals("custom", custom.get("aspect_ratio").asText());
    assertEquals(1280, custom.get("width").asInt());
    assertEquals(720, custom.get("height").asInt());

    ObjectNode schnell =
        body(
            "flux-schnell",
            GenerationRequest.builder("x")
                .size(Size.aspect(1, 1, 0.25))
                .count(3)
                .safety(SafetyLevel.OFF)
                .format(ImageFormat.JPEG, 90)
                .build());
    assertEquals("1:1", schnell.get("aspect_ratio").asText());
    assertEquals("0.25", schnell.get("megapixels").asText());
    assertEquals(3, schnell.get("num_outputs").asInt());
    assertTrue(schnell.get("disable_safety_checker").booleanValue());
    assertEquals("jpg", schnell.get("output_format").asText());
    assertEquals(90, schnell.get("output_quality").asInt());

    ObjectNode dreamina =
        body("dreamina-3-1", GenerationRequest.builder("x").size(Size.aspect(16, 9, 4.0)).build());
    assertEquals("16:9", dreamina.get("aspect_ratio").asText());
    assertEquals("2K", dreamina.get("resolution").asText(), "4 MP is beyond the custom range");
    ObjectNode dreaminaCustom =
        body("dreamina-3-1", GenerationRequest.builder("x").size(Size.exact(1200, 900)).build());
    assertEquals("custom", dreaminaCustom.get("aspect_ratio").asText());
    assertEquals(1200, dreaminaCustom.get("width").asInt());

    ObjectNode kandinsky =
        body("kandinsky-2-2", GenerationRequest.builder("x").size(Size.exact(1000, 760)).build());
    assertEquals(1024, kandinsky.get("width").asInt());
    assertEquals(768, kandinsky.get("height").asInt());
    assertTrue(
        CATALOG.require("kandinsky-2-2").param("width").enumValues().contains("1024"),
        "the chosen width is in the table's enumeration");

    Translation split =
        translate(
            "p-image-text-to-image", GenerationRequest.builder("x").count(3).seed(5L).build());
    assertEquals(3, split.bodies().size(), "one image per call");
    Set<Long> seeds = new TreeSet<>();
    split.bodies().forEach(b -> seeds.add(b.get("seed").longValue()));
    assertEquals(3, seeds.size());
  }

  @Test
  void oneOffDialectsCarryTheirOwnParameterNames() {
    ObjectNode bria =
        body(
            "bria-v1-text-to-image-hd",
            GenerationRequest.builder("x")
                .size(Size.aspect(3, 2))
                .count(2)
                .steps(40)
                .guidance(6.0)
                .safety(SafetyLevel.STRICT)
                .build());
    assertEquals("2.2", bria.get("model_version").asText(), "required default is sent");
    assertEquals(2, bria.get("num_results").asInt());
    assertEquals("3:2", bria.get("aspect_ratio").asText());
    assertEquals(40, bria.get("steps_num").asInt());
    assertEquals(6, bria.get("text_guidance_scale").intValue());
    assertTrue(bria.get("content_moderation").booleanValue());

    ObjectNode fooocus =
        body(
            "fooocus-api",
            GenerationRequest.builder("x").size(Size.exact(896, 1152)).count(8).seed(3L).build());
    assertEquals("896*1152", fooocus.get("aspect_ratios_selection").asText());
    assertEquals(8, fooocus.get("image_number").asInt());
    assertEquals(3, fooocus.get("image_seed").asLong());

    assertEquals(
        "1024x1536",
        body(
                "gpt-image-v1-5-text-to-image",
                GenerationRequest.builder("x").size(Size.aspect(2, 3)).build())
            .get("image_size")
            .asText());
    ObjectNode openai =
        body(
            "openai-image-generation",
            GenerationRequest.builder("x")
                .size(Size.exact(1536, 1024))
                .count(2)
                .format(ImageFormat.WEBP, 70)
                .build());
    assertEquals("1536x1024", openai.get("image_size").asText());
    assertEquals(2, openai.get("number_of_images").asInt());
    assertEquals("webp", openai.get("output_format").asText());
    assertEquals(70, openai.get("output_compression").asInt());

    assertEquals(
        "1312x736",
        body("ideogram-v3-turbo", GenerationRequest.builder("x").size(Size.aspect(16, 9)).build())
            .get("resolution")
            .asText());
    assertEquals(
        "1820x1024",
        body("recraft-v3", GenerationRequest.builder("x").size(Size.aspect(16, 9)).build())
            .get("size")
            .asText());
    assertEquals(
        "block_low_and_above",
        body("imagen-3", GenerationRequest.builder("x").safety(SafetyLevel.STRICT).build())
            .get("safety_filter_level")
            .asText());
    ObjectNode ultra =
        body(
            "flux-1-1-pro-ultra",
            GenerationRequest.builder("x")
                .safety(SafetyLevel.OFF)
                .size(Size.aspect(21, 9))
                .build());
    assertEquals(6, ultra.get("safety_tolerance").asInt());
    assertEquals("21:9", ultra.get("aspect_ratio").asText());
    assertEquals(
        2,
        body(
                "nano-banana-pro",
                GenerationRequest.builder("x").size(Size.aspect(1, 1, 4.0)).count(2).build())
            .get("num_images")
            .asInt());
  }

  @Test
  void everyEntryNamesItsDialectInItsNotes() throws Exception {
    JsonNode root =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                EachLabsCatalogTest.class.getResourceAsStream(EachLabsProviderFactory.CATALOG));
    for (JsonNode m : root.get("models")) {
      String notes = m.path("notes").asText("");
      assertTrue(notes.contains("dialect"), m.get("id") + " notes name no dialect");
      assertFalse(m.has("endpoint"), "Each Labs addresses models by slug: no endpoint");
    }
  }

  // ---------------------------------------------------------------- the simulator's copy

  @Test
  void theSimulatorValidatesAgainstTheSameTables() {
    EachLabsModels sim = EachLabsModels.bundled();
    assertEquals(new ArrayList<>(CATALOG.models().keySet()), new ArrayList<>(sim.all().keySet()));
    for (ModelSpec m : CATALOG.models().values()) {
      EachLabsModels.Model s = sim.find(m.id()).orElseThrow();
      assertEquals(m.name(), s.title(), m.id());
      assertEquals(
          new ArrayList<>(m.params().keySet()), new ArrayList<>(s.params().keySet()), m.id());
      for (ParamSpec p : m.params().values()) {
        EachLabsModels.Param q = s.param(p.name());
        String where = m.id() + "." + p.name();
        assertEquals(p.type().jsonName(), q.type(), where);
        assertEquals(p.required(), q.required(), where);
        assertEquals(p.defaultValue(), q.defaultValue(), where);
        assertEquals(p.enumValues(), q.enumValues(), where);
      }
    }
  }

  @Test
  void kandinskyTakesEveryWidthAndHeightOfItsEnumerationsAndNothingElse() {
    // 640 and 960 are in Kandinsky's enumerations but not on any grid of multiples through them
    // all, so only a rule that lists the sides can send them as asked.
    Translation listed =
        translate(
            "kandinsky-2-2", GenerationRequest.builder("x").size(Size.exact(640, 960)).build());
    assertEquals(640, listed.bodies().get(0).get("width").asInt());
    assertEquals(960, listed.bodies().get(0).get("height").asInt());
    assertEquals(List.of(), listed.adaptations());

    // 21:9 exactly is 1792x768, both listed.
    Translation wide =
        translate("kandinsky-2-2", GenerationRequest.builder("x").size(Size.aspect(21, 9)).build());
    assertEquals(1792, wide.bodies().get(0).get("width").asInt());
    assertEquals(768, wide.bodies().get(0).get("height").asInt());
    assertEquals(List.of(), wide.adaptations());

    ModelSpec spec = CATALOG.require("kandinsky-2-2");
    for (String side : List.of("width", "height")) {
      for (int i = 300; i <= 2100; i += 4) {
        Translation t =
            translate(
                "kandinsky-2-2", GenerationRequest.builder("x").size(Size.exact(i, i)).build());
        String sent = t.bodies().get(0).get(side).asText();
        assertTrue(spec.param(side).enumValues().contains(sent), side + " " + sent + " for " + i);
      }
    }
  }
}
