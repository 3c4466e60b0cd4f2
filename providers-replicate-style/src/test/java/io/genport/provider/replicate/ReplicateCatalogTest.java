package io.genport.provider.replicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import io.genport.spitck.seed.CatalogSeedCheck;
import io.genport.spitck.seed.SeedModel;
import io.genport.spitck.seed.SeedModelTables;
import io.genport.spitck.seed.SeedTables;
import java.net.URI;
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

class ReplicateCatalogTest {
  static final String GENERIC = "generic";
  static final String SEED_001_ENTRY = "flux-lora-finetune";

  /** The seed-000 models that speak Replicate's dialect and run on Replicate, in seed order. */
  static final List<String> REPLICATE_SLUGS =
      List.of(
          "p-image-text-to-image",
          "black-forest-labs-flux-dev-lora",
          "dreamina-3-1",
          "qwen-image",
          "imagen-4-fast",
          "ideogram-v3-turbo",
          "flux-hf-lora",
          "imagen-3-fast",
          "imagen-3",
          "photon",
          "sana",
          "flux-1-1-pro-ultra",
          "stable-diffusion-3-5-medium",
          "recraft-v3",
          "stable-diffusion-3-5-large",
          "flux-1-1-pro",
          "fooocus-api",
          "flux-dev",
          "flux-dev-realism",
          "flux-schnell",
          "kandinsky-2-2",
          "photomaker");

  static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(ReplicateCatalogTest.class, ReplicateProviderFactory.CATALOG);

  static ModelSpec spec(String id) {
    return CATALOG.require(id);
  }

  static Translation translate(String model, GenerationRequest request) {
    return NativeTranslator.translate(request, spec(model), "replicate", new Random(7));
  }

  static ObjectNode body(String model, GenerationRequest request) {
    Translation t = translate(model, request);
    assertEquals(1, t.bodies().size());
    return t.bodies().get(0);
  }

  @Test
  void loadsAsAReplicateCatalogWithOneEndpointPerModel() {
    assertEquals("replicate", CATALOG.provider());
    Set<String> endpoints = new TreeSet<>();
    for (ModelSpec m : CATALOG.models().values()) {
      assertEquals("prompt", m.promptParam(), m.id());
      if (m.id().equals(GENERIC)) {
        assertNull(m.endpoint(), "generic serves any owner/name");
        continue;
      }
      assertNotNull(m.endpoint(), m.id());
      assertTrue(
          m.endpoint().matches("[a-z0-9-]+/[a-z0-9.-]+(:[0-9a-f]{64})?"), m.id() + m.endpoint());
      assertTrue(endpoints.add(m.endpoint()), "endpoint used twice: " + m.endpoint());
      assertNull(m.fixed(), m.id());
    }
    assertEquals(CATALOG.require("flux-schnell"), CATALOG.find("black-forest-labs/flux-schnell"));
  }

  @Test
  void holdsSeed001TheReplicateStyleModelsOfSeed000AndGeneric() {
    Set<String> ids = new LinkedHashSet<>(CATALOG.models().keySet());
    assertTrue(ids.remove(GENERIC));
    assertTrue(ids.remove(SEED_001_ENTRY));
    assertEquals(new TreeSet<>(REPLICATE_SLUGS), new TreeSet<>(ids));
  }

  @TestFactory
  Stream<DynamicTest> everySeed000EntryMatchesItsSeedTable() {
    SeedModelTables seed = SeedTables.seed000();
    return REPLICATE_SLUGS.stream()
        .map(
            slug ->
                DynamicTest.dynamicTest(
                    slug, () -> CatalogSeedCheck.assertMatches(spec(slug), seed.require(slug))));
  }

  @Test
  void theSeed001EntryMatchesTheSchemaPage() {
    // The derived table of seed 001 (a Replicate schema page): every field, type, default, enum
    // and range the page shows. The page marks no field required; its reader takes prompt as
    // required (it has no default and the predictor needs it).
    SeedModelTables seed001 = SeedTables.seed001();
    assertEquals(List.of(SEED_001_ENTRY), List.copyOf(seed001.models().keySet()));
    SeedModel table = seed001.require(SEED_001_ENTRY);
    CatalogSeedCheck.assertMatches(spec(SEED_001_ENTRY), table);
    ModelSpec m = spec(SEED_001_ENTRY);
    assertEquals("FLUX dev/schnell LoRA fine-tune (seed 001)", m.name());
    assertEquals(table.paramNames(), List.copyOf(m.params().keySet()), "the page's order");
    assertEquals(256.0, m.param("width").min());
    assertEquals(1440.0, m.param("height").max());
    assertEquals(4, m.count().max());
    SizeCapability.AspectRatios sizes = (SizeCapability.AspectRatios) m.size().capability();
    assertEquals(table.param("width").multipleOf(), sizes.custom().multiple());
    assertEquals(16, sizes.custom().multiple());
    assertEquals(256, sizes.custom().min());
    assertEquals(1440, sizes.custom().max());
  }

  @Test
  void everySeed000ModelWithReplicateInputsIsCoveredOrDeliberatelyLeftOut() {
    SeedModelTables seed = SeedTables.seed000();
    Set<String> replicateStyle = new TreeSet<>();
    for (SeedModel m : seed.models().values()) {
      boolean falStyle =
          m.param("num_images") != null
              || m.param("enable_safety_checker") != null
              || m.param("sync_mode") != null
              || (m.param("image_size") != null
                  && m.param("image_size").options().contains("square_hd"));
      if (!falStyle) {
        replicateStyle.add(m.slug());
      }
    }
    Set<String> expected = new TreeSet<>(REPLICATE_SLUGS);
    // Left out, each for a reason recorded in the report: Bria's own API dialect (num_results,
    // model_version), OpenAI's (number_of_images), an unknown Replicate id (logo-generator,
    // realistic-vision-v6-0-b1), a model not hosted on Replicate (vidu-q2-text-to-image, served
    // by Vidu and fal), and a model that needs four identity images (omni-zero-couples).
    expected.addAll(
        List.of(
            "bria-v1-text-to-image-hd",
            "bria-v1-text-to-image-fast",
            "bria-v1-text-to-image-base",
            "logo-generator",
            "openai-image-generation",
            "realistic-vision-v6-0-b1",
            "vidu-q2-text-to-image",
            "omni-zero-couples"));
    assertEquals(expected, replicateStyle);
  }

  private static GenerationRequest simpleFor(ModelSpec m) {
    GenerationRequest.Builder b = GenerationRequest.builder("a red fox in the snow, 35mm photo");
    if (m.references() != null && m.param(m.references().param()).required()) {
      b.referenceImage(ReferenceImage.of(URI.create("https://example.com/face.png")));
    }
    return b.build();
  }

  @TestFactory
  Stream<DynamicTest> aSimpleRequestTranslatesForEveryModel() {
    return CATALOG.models().values().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(),
                    () -> {
                      Translation t = translate(m.id(), simpleFor(m));
                      assertEquals(1, t.bodies().size());
                      ObjectNode body = t.bodies().get(0);
                      assertOnlyKnownKeys(m, body);
                      assertEquals(
                          "a red fox in the snow, 35mm photo", body.get("prompt").asText());
                      assertEquals(List.of(), t.adaptations(), "nothing to adapt");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aFullRequestTranslatesForEveryModel() {
    return CATALOG.models().values().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(),
                    () -> {
                      GenerationRequest full =
                          simpleFor(m).toBuilder()
                              .negativePrompt("blurry")
                              .size(Size.exact(1280, 720))
                              .count(6)
                              .seed(7L)
                              .safety(SafetyLevel.OFF)
                              .format(ImageFormat.PNG)
                              .steps(20)
                              .guidance(3.0)
                              .build();
                      Translation t = translate(m.id(), full);
                      int images = 0;
                      Set<Long> seeds = new TreeSet<>();
                      for (ObjectNode body : t.bodies()) {
                        assertOnlyKnownKeys(m, body);
                        images += m.count() == null ? 1 : body.get(m.count().param()).asInt();
                        if (m.seed() != null) {
                          seeds.add(body.get(m.seed().param()).asLong());
                        }
                      }
                      assertEquals(6, images, "every requested image is asked for");
                      if (m.seed() != null) {
                        assertEquals(t.bodies().size(), seeds.size(), "a seed per call");
                      }
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
  void eachModelHasItsOwnAspectRatios() {
    List<AspectRatio> schnell =
        ((SizeCapability.AspectRatios) spec("flux-schnell").size().capability()).ratios();
    List<AspectRatio> dev =
        ((SizeCapability.AspectRatios) spec("flux-dev").size().capability()).ratios();
    AspectRatio threeFour = new AspectRatio(3, 4);
    AspectRatio fourThree = new AspectRatio(4, 3);
    assertTrue(schnell.contains(threeFour) && schnell.contains(fourThree));
    assertFalse(dev.contains(threeFour) || dev.contains(fourThree));
    assertEquals(
        "4:3",
        body("flux-schnell", GenerationRequest.builder("x").size(Size.aspect(4, 3)).build())
            .get("aspect_ratio")
            .asText());
    Translation onDev =
        translate("flux-dev", GenerationRequest.builder("x").size(Size.aspect(4, 3)).build());
    assertEquals("5:4", onDev.bodies().get(0).get("aspect_ratio").asText(), "nearest ratio");
    assertEquals(RequestField.SIZE, onDev.adaptations().get(0).field());
  }

  @Test
  void customSizesAndMegapixelsComeFromTheData() {
    ObjectNode custom =
        body("flux-1-1-pro", GenerationRequest.builder("x").size(Size.exact(1000, 700)).build());
    assertEquals("custom", custom.get("aspect_ratio").asText());
    assertEquals(1008, custom.get("width").asInt());
    assertEquals(704, custom.get("height").asInt());
    ObjectNode seed001 =
        body(SEED_001_ENTRY, GenerationRequest.builder("x").size(Size.exact(1440, 256)).build());
    assertEquals(1440, seed001.get("width").asInt());
    assertEquals(256, seed001.get("height").asInt());
    ObjectNode quarter =
        body("flux-schnell", GenerationRequest.builder("x").size(Size.aspect(1, 1, 0.25)).build());
    assertEquals("0.25", quarter.get("megapixels").asText());
    assertEquals(
        "1536x1024",
        body("recraft-v3", GenerationRequest.builder("x").size(Size.exact(1536, 1024)).build())
            .get("size")
            .asText());
    assertEquals(
        "1152*896",
        body("fooocus-api", GenerationRequest.builder("x").size(Size.exact(1152, 896)).build())
            .get("aspect_ratios_selection")
            .asText());
    ObjectNode sana =
        body("sana", GenerationRequest.builder("x").size(Size.exact(1920, 1088)).build());
    assertEquals(1920, sana.get("width").asInt());
    assertEquals(1088, sana.get("height").asInt());
  }

  @Test
  void safetyAndFormatSpellingsComeFromTheData() {
    GenerationRequest off =
        GenerationRequest.builder("x").safety(SafetyLevel.OFF).format(ImageFormat.JPEG).build();
    assertTrue(body("flux-dev", off).get("disable_safety_checker").booleanValue());
    assertEquals("jpg", body("flux-dev", off).get("output_format").asText());
    assertEquals("jpeg", body("kandinsky-2-2", off).get("output_format").asText());
    assertEquals(6, body("flux-1-1-pro-ultra", off).get("safety_tolerance").asInt());
    assertEquals(5, body("flux-1-1-pro", off).get("safety_tolerance").asInt());
    GenerationRequest strict = GenerationRequest.builder("x").safety(SafetyLevel.STRICT).build();
    assertEquals(
        "block_low_and_above", body("imagen-4-fast", strict).get("safety_filter_level").asText());
    assertEquals(1, body("flux-1-1-pro", strict).get("safety_tolerance").asInt());
    GenerationRequest standard =
        GenerationRequest.builder("x").safety(SafetyLevel.STANDARD).build();
    assertFalse(body("flux-schnell", standard).get("disable_safety_checker").booleanValue());

    Translation webp =
        translate("imagen-4-fast", GenerationRequest.builder("x").format(ImageFormat.WEBP).build());
    assertFalse(webp.bodies().get(0).has("output_format"));
    assertEquals(RequestField.FORMAT, webp.adaptations().get(0).field());
  }

  @Test
  void countsSplitAtTheModelsMaximum() {
    Translation t =
        translate("flux-schnell", GenerationRequest.builder("x").count(6).seed(10L).build());
    assertEquals(2, t.bodies().size());
    assertEquals(4, t.bodies().get(0).get("num_outputs").asInt());
    assertEquals(2, t.bodies().get(1).get("num_outputs").asInt());
    assertEquals(10, t.bodies().get(0).get("seed").asLong());
    assertEquals(14, t.bodies().get(1).get("seed").asLong());
    Translation photon = translate("photon", GenerationRequest.builder("x").count(2).build());
    assertEquals(2, photon.bodies().size(), "one image per call");
  }

  @Test
  void referenceImagesFillTheModelsImageInput() {
    GenerationRequest withRef =
        GenerationRequest.builder("x")
            .referenceImage(ReferenceImage.of(URI.create("https://example.com/in.png")))
            .build();
    assertEquals("https://example.com/in.png", body("flux-dev", withRef).get("image").asText());
    assertEquals(
        "https://example.com/in.png", body("photomaker", withRef).get("input_image").asText());
  }

  @Test
  void kandinskyTakesEveryWidthAndHeightOfItsEnumerations() {
    Translation t =
        translate(
            "kandinsky-2-2", GenerationRequest.builder("x").size(Size.exact(640, 960)).build());
    assertEquals(640, t.bodies().get(0).get("width").asInt());
    assertEquals(960, t.bodies().get(0).get("height").asInt());
    assertEquals(List.of(), t.adaptations());

    Translation off =
        translate(
            "kandinsky-2-2", GenerationRequest.builder("x").size(Size.exact(1000, 700)).build());
    assertEquals(1024, off.bodies().get(0).get("width").asInt());
    assertEquals(704, off.bodies().get(0).get("height").asInt());
    assertEquals(
        "size 1000x700 -> 1024x704: size changed; width and height must each be one of 384, 512,"
            + " 576, 640, 704, 768, 960, 1024, 1152, 1280, 1536, 1792, 2048",
        off.adaptations().get(0).toString());
  }

  /**
   * FLUX renders each ratio at the cog-flux table's size, not at 1 MP rounded to multiples of 16:
   * 21:9 is 1536x640 (rounding would plan 1568x672, and the vendor would return something else).
   */
  @Test
  void fluxRatiosArePlannedAtTheDocumentedPixelSizes() {
    assertEquals(
        "1536x640",
        translate("flux-schnell", GenerationRequest.builder("x").size(Size.aspect(21, 9)).build())
            .negotiated()
            .size()
            .choice()
            .pixels()
            .toString());
    assertEquals(
        "768x1344",
        translate("flux-dev", GenerationRequest.builder("x").size(Size.aspect(9, 16)).build())
            .negotiated()
            .size()
            .choice()
            .pixels()
            .toString());
    // The quarter-megapixel scale halves each side of the table's size.
    assertEquals(
        "768x320",
        translate(
                "flux-schnell",
                GenerationRequest.builder("x").size(Size.aspect(21, 9, 0.25)).build())
            .negotiated()
            .size()
            .choice()
            .pixels()
            .toString());
    assertEquals(
        ImageFormat.WEBP,
        translate("flux-schnell", GenerationRequest.builder("x").build()).expectedFormat());
  }
}
