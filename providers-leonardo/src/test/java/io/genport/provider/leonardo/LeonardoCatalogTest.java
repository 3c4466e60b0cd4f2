package io.genport.provider.leonardo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CountLimit;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.ParamSpec;
import io.genport.spi.catalog.Translation;
import io.genport.spitck.seed.CatalogSeedCheck;
import io.genport.spitck.seed.CatalogSeedCheck.Difference;
import io.genport.spitck.seed.CatalogSeedCheck.Kind;
import io.genport.spitck.seed.SeedModel;
import io.genport.spitck.seed.SeedParam;
import io.genport.spitck.seed.SeedTables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Leonardo catalog against seed 004 ("Create a Generation of Images", the derived table spi-tck
 * seed-004.json): every parameter of the table is, for every v1 entry, mapped to a canonical field,
 * reachable as a native parameter, or declared not applicable here with the reason; and the model
 * rules (sizes, counts, seeds, which of alchemy / photoReal / contrast / presetStyle apply)
 * translate as Leonardo takes them.
 */
class LeonardoCatalogTest {
  static final ModelCatalog CATALOG =
      ModelCatalog.fromResource(LeonardoCatalogTest.class, LeonardoProviderFactory.CATALOG);

  static final SeedModel SEED = SeedTables.seed004().require("create-generation");

  /** Parameters that apply to no platform model's text-to-image call, and why. */
  static final Map<String, String> NEVER =
      Map.ofEntries(
          Map.entry("modelId", "carried by the target: the provider sends the entry's UUID"),
          Map.entry("sd_version", "read only when no modelId is sent, and one always is"),
          Map.entry("canvasRequest", "a Canvas Editor request, not a generation from a prompt"),
          Map.entry("canvasRequestType", "a Canvas Editor request"),
          Map.entry("canvasInitId", "a Canvas Editor request"),
          Map.entry("canvasMaskId", "a Canvas Editor request"),
          Map.entry("controlNet", "deprecated since September 2024; controlnets replaces it"),
          Map.entry("controlNetType", "deprecated since September 2024; controlnets replaces it"),
          Map.entry("weighting", "deprecated since September 2024; controlnets replaces it"),
          Map.entry("unzoom", "unzooms an init image; not a generation from a prompt"),
          Map.entry("unzoomAmount", "unzooms an init image; not a generation from a prompt"));

  /** The older Stable Diffusion features, which Phoenix, Flux and Lucid do not take. */
  static final Map<String, String> SD_ONLY =
      Map.ofEntries(
          Map.entry("contrastRatio", "Alchemy v1/v2 contrast ratio of SD models"),
          Map.entry("expandedDomain", "an Alchemy feature of SD models"),
          Map.entry("fantasyAvatar", "an SD feature"),
          Map.entry("highContrast", "a Prompt Magic feature of SD models"),
          Map.entry("highResolution", "a Prompt Magic feature of SD models"),
          Map.entry("imagePrompts", "SD image prompts; these models take controlnets"),
          Map.entry("imagePromptWeight", "SD image prompts"),
          Map.entry("promptMagic", "Prompt Magic is an SD feature"),
          Map.entry("promptMagicStrength", "Prompt Magic is an SD feature"),
          Map.entry("promptMagicVersion", "Prompt Magic is an SD feature"),
          Map.entry("scheduler", "the sampler of SD models; not listed for these models"),
          Map.entry("tiling", "an SD feature"),
          Map.entry("guidance_scale", "not listed in the model's parameters"),
          Map.entry("num_inference_steps", "not listed in the model's parameters"),
          Map.entry("elements", "platform elements are SD/SDXL LoRAs"));

  static final Map<String, String> NO_PHOTOREAL =
      Map.of(
          "photoReal", "PhotoReal v2 needs Kino XL, Diffusion XL or Vision XL",
          "photoRealVersion", "PhotoReal v2 needs Kino XL, Diffusion XL or Vision XL",
          "photoRealStrength", "PhotoReal v2 needs Kino XL, Diffusion XL or Vision XL");

  /** What each v1 entry declares not applicable, by model family. */
  static Map<String, String> notApplicable(String id) {
    Map<String, String> na = new LinkedHashMap<>();
    if (id.equals("generic")) {
      na.put("modelId", NEVER.get("modelId"));
      na.put("sd_version", NEVER.get("sd_version"));
      return na;
    }
    na.putAll(NEVER);
    na.putAll(NO_PHOTOREAL);
    if (id.startsWith("phoenix-")) {
      na.putAll(SD_ONLY);
      na.put("userElements", "Phoenix takes no elements");
    } else if (id.startsWith("flux-")) {
      na.putAll(SD_ONLY);
      na.put("negative_prompt", "Flux takes no negative prompt");
      na.put("presetStyle", "Flux takes styles as styleUUID");
      na.put("transparency", "not offered for Flux");
      na.put("ultra", "Ultra is a Phoenix and Lucid mode");
    } else if (id.startsWith("lucid-")) {
      na.putAll(SD_ONLY);
      na.put("alchemy", "Leonardo's Lucid pages: alchemy is not supported");
      na.put("negative_prompt", "not listed for Lucid");
      na.put("presetStyle", "Lucid takes styles as styleUUID");
      na.put("transparency", "not offered for Lucid");
      na.put("userElements", "Lucid takes no elements");
    } else {
      // SDXL models: everything but contrast and Ultra; PhotoReal v2 on three of them.
      na.keySet().removeAll(NO_PHOTOREAL.keySet());
      if (!Set.of("kino-xl", "vision-xl", "diffusion-xl").contains(id)) {
        na.putAll(NO_PHOTOREAL);
      }
      na.put("contrast", "Phoenix and Flux only (SDK)");
      na.put("ultra", "Ultra is a Phoenix and Lucid mode");
    }
    return na;
  }

  /** Parameters a v1 entry may list beyond the table: documented in Leonardo's recipes. */
  static final Set<String> RECIPE_EXTRAS = Set.of("styleUUID");

  static ModelSpec model(String id) {
    return CATALOG.require(id);
  }

  static Translation translate(String model, GenerationRequest request) {
    return NativeTranslator.translate(request, model(model), "leonardo", new Random(7));
  }

  static ObjectNode body(String model, GenerationRequest request) {
    Translation t = translate(model, request);
    assertEquals(1, t.bodies().size(), t.bodies().toString());
    return t.bodies().get(0);
  }

  static List<ModelSpec> v1Entries() {
    List<ModelSpec> out = new ArrayList<>();
    for (ModelSpec m : CATALOG.models().values()) {
      if (!"v2".equals(m.version())) {
        out.add(m);
      }
    }
    return out;
  }

  /** The parameters an entry's mappings carry canonical fields in. */
  static Set<String> canonical(ModelSpec m) {
    Set<String> c = new LinkedHashSet<>();
    c.add(m.promptParam());
    if (m.negativePromptParam() != null) {
      c.add(m.negativePromptParam());
    }
    c.addAll(m.size().params());
    if (m.count() != null) {
      c.add(m.count().param());
    }
    if (m.seed() != null) {
      c.add(m.seed().param());
    }
    if (m.steps() != null) {
      c.add(m.steps().param());
    }
    if (m.guidance() != null) {
      c.add(m.guidance().param());
    }
    return c;
  }

  // ---------------------------------------------------------------- the catalog itself

  @Test
  void loadsAsTheLeonardoCatalogWithReadableIds() {
    assertEquals("leonardo", CATALOG.provider());
    assertEquals(
        List.of(
            "phoenix-1.0",
            "phoenix-0.9",
            "flux-dev",
            "flux-schnell",
            "lucid-origin",
            "lucid-realism",
            "lightning-xl",
            "anime-xl",
            "kino-xl",
            "vision-xl",
            "diffusion-xl",
            "albedobase-xl",
            "sdxl-1.0",
            "flux-pro-2.0",
            "generic"),
        List.copyOf(CATALOG.models().keySet()));
    Set<String> uuids = new HashSet<>();
    for (ModelSpec m : v1Entries()) {
      assertEquals("v1", m.version(), m.id());
      if (!m.id().equals("generic")) {
        assertTrue(LeonardoProtocol.UUID.matcher(m.endpoint()).matches(), m.id());
        assertTrue(uuids.add(m.endpoint()), "one UUID per model: " + m.id());
      }
    }
    assertEquals("de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3", model("phoenix-1.0").endpoint());
    assertEquals("b2614463-296c-462a-9586-aafdb8f00e36", model("flux-dev").endpoint());
    assertEquals("1dd50843-d653-4516-a8e3-f0238ee453ff", model("flux-schnell").endpoint());
    assertEquals(
        SEED.param("modelId").defaultValue(),
        model("lightning-xl").endpoint(),
        "the table's default modelId is Lightning XL");
    assertEquals("v2", model("flux-pro-2.0").version());
    assertEquals("flux-pro-2.0", model("flux-pro-2.0").endpoint());
    assertNull(model("generic").endpoint());
  }

  @Test
  void everyEntrySaysWhatIsConfirmedAndWhatIsInferred() throws Exception {
    JsonNode root =
        new ObjectMapper()
            .readTree(
                LeonardoCatalogTest.class.getResourceAsStream(LeonardoProviderFactory.CATALOG));
    for (JsonNode m : root.get("models")) {
      String notes = m.path("notes").asText("").toLowerCase(java.util.Locale.ROOT);
      assertTrue(notes.contains("confirmed"), m.get("id") + ": notes say nothing confirmed");
      assertTrue(notes.contains("inferred"), m.get("id") + ": notes say nothing inferred");
    }
  }

  // ---------------------------------------------------------------- seed 004

  @TestFactory
  Stream<DynamicTest> everyParameterOfSeed004IsMappedNativeOrDeclaredNotApplicable() {
    return v1Entries().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.id(),
                    () -> {
                      Set<String> canonical = canonical(m);
                      Map<String, String> na = notApplicable(m.id());
                      List<String> unaccounted = new ArrayList<>();
                      for (SeedParam s : SEED.params()) {
                        boolean listed = m.param(s.name()) != null;
                        if (na.containsKey(s.name())) {
                          assertFalse(
                              listed, m.id() + " lists " + s.name() + ", declared not applicable");
                        } else if (!listed) {
                          unaccounted.add(s.name());
                        } else {
                          assertSameAsTheSeed(m, s, canonical.contains(s.name()));
                        }
                      }
                      assertEquals(
                          List.of(),
                          unaccounted,
                          m.id()
                              + ": seed 004 rows neither"
                              + " mapped, native nor declared not applicable");
                      for (String name : m.params().keySet()) {
                        assertTrue(
                            SEED.param(name) != null || RECIPE_EXTRAS.contains(name),
                            m.id()
                                + " lists "
                                + name
                                + ", which neither seed 004 nor a recipe has");
                      }
                      for (String name : na.keySet()) {
                        assertNotNull(
                            SEED.param(name), "declared for a row seed 004 lacks: " + name);
                      }
                    }));
  }

  /**
   * A row the entry lists agrees with the seed in type and, where the seed states them, default,
   * range and enumeration, except where the entry documents a narrower rule from Leonardo.
   */
  private static void assertSameAsTheSeed(ModelSpec m, SeedParam s, boolean canonical) {
    for (Difference d : CatalogSeedCheck.differences(m, SEED)) {
      if (d.param() == null || !d.param().equals(s.name())) {
        continue;
      }
      assertTrue(
          documentedDeviation(m, d),
          () -> m.id() + (canonical ? " (canonical) " : " (native) ") + d);
    }
  }

  /**
   * The deviations from the table the catalog makes on purpose: contrast and photoRealVersion take
   * the values the SDK states (the table has no enumeration for them); Phoenix, Flux and Lucid
   * require contrast and send 3.5 by default (their pages); Lucid takes sides up to 1920 (its
   * official 1920x1080 sample).
   */
  private static boolean documentedDeviation(ModelSpec m, Difference d) {
    String p = d.param();
    if (d.kind() == Kind.WRONG_ENUM && Set.of("contrast", "photoRealVersion").contains(p)) {
      return true;
    }
    boolean contrastRequired =
        m.id().startsWith("phoenix-") || m.id().startsWith("flux-") || m.id().startsWith("lucid-");
    if (contrastRequired
        && p.equals("contrast")
        && (d.kind() == Kind.WRONG_REQUIRED || d.kind() == Kind.WRONG_DEFAULT)) {
      return true;
    }
    return m.id().startsWith("lucid-")
        && (p.equals("width") || p.equals("height"))
        && d.kind() == Kind.WRONG_RANGE
        && m.param(p).max() == 1920.0;
  }

  @Test
  void theGenericEntryIsTheWholeTableOfSeed004() {
    List<Difference> d = CatalogSeedCheck.differences(model("generic"), SEED);
    Set<String> seen = new TreeSet<>();
    for (Difference x : d) {
      seen.add(x.kind() + " " + x.param());
    }
    assertEquals(
        new TreeSet<>(
            Set.of(
                "NAME null",
                "MISSING_PARAM modelId",
                "MISSING_PARAM sd_version",
                "WRONG_ENUM contrast",
                "WRONG_ENUM photoRealVersion",
                "EXTRA_PARAM styleUUID")),
        seen,
        () -> CatalogSeedCheck.describe(model("generic"), SEED, d));
    // The enumerations the table lost are completed from the SDK.
    assertEquals(31, model("generic").param("presetStyle").enumValues().size());
    assertTrue(model("generic").param("scheduler").enumValues().contains("EULER_DISCRETE"));
    assertEquals(
        List.of("disabled", "foreground_only"),
        model("generic").param("transparency").enumValues());
  }

  @Test
  void whichOfAlchemyPhotoRealContrastAndPresetStyleApply() {
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("phoenix-1.0", "alchemy contrast presetStyle"),
            Map.entry("phoenix-0.9", "alchemy contrast presetStyle"),
            Map.entry("flux-dev", "alchemy contrast"),
            Map.entry("flux-schnell", "alchemy contrast"),
            Map.entry("lucid-origin", "contrast"),
            Map.entry("lucid-realism", "contrast"),
            Map.entry("lightning-xl", "alchemy presetStyle"),
            Map.entry("anime-xl", "alchemy presetStyle"),
            Map.entry("kino-xl", "alchemy photoReal presetStyle"),
            Map.entry("vision-xl", "alchemy photoReal presetStyle"),
            Map.entry("diffusion-xl", "alchemy photoReal presetStyle"),
            Map.entry("albedobase-xl", "alchemy presetStyle"),
            Map.entry("sdxl-1.0", "alchemy presetStyle"),
            Map.entry("generic", "alchemy contrast photoReal presetStyle"));
    for (ModelSpec m : v1Entries()) {
      List<String> applies = new ArrayList<>();
      for (String p : List.of("alchemy", "contrast", "photoReal", "presetStyle")) {
        if (m.param(p) != null) {
          applies.add(p);
        }
      }
      assertEquals(expected.get(m.id()), String.join(" ", applies), m.id());
    }
  }

  // ---------------------------------------------------------------- the rules, translated

  @Test
  void everyV1ModelTakesSidesUpTo1536InEightsAndFourImagesAbove768() {
    for (ModelSpec m : v1Entries()) {
      assertEquals(8, m.capabilities().maxImagesPerCall(), m.id());
      assertEquals(List.of(CountLimit.aboveSide(768, 4)), m.count().limits(), m.id());
      assertEquals("num_images", m.count().param());
      int max = m.id().startsWith("lucid-") ? 1920 : 1536;
      SizeCapability.FreeDimensions size = (SizeCapability.FreeDimensions) m.capabilities().size();
      assertEquals(32, size.rule().min(), m.id());
      assertEquals(max, size.rule().max(), m.id());
      assertEquals(8, size.rule().multiple(), m.id());
      assertEquals(new PixelSize(1024, 768), size.defaultSize(), "the SDK's default, " + m.id());
      long seedMax = m.id().startsWith("flux-") ? 2_147_483_637L : 9_999_999_998L;
      assertEquals(seedMax, m.capabilities().seed().max(), m.id());
    }
  }

  @Test
  void aCastleAtOneThousandBySevenHundredIsOneCallOfThreeAdaptedToEights() {
    Translation t =
        translate(
            "phoenix-1.0",
            GenerationRequest.builder("a castle").size(Size.exact(1000, 700)).count(3).build());
    assertEquals(1, t.bodies().size());
    ObjectNode b = t.bodies().get(0);
    assertEquals(1000, b.get("width").intValue());
    assertEquals(0, b.get("height").intValue() % 8);
    assertTrue(Math.abs(b.get("height").intValue() - 700) <= 4, b.toString());
    assertEquals(3, b.get("num_images").intValue());
    assertEquals(3.5, b.get("contrast").doubleValue(), "Phoenix requires contrast");
    assertFalse(b.get("public").booleanValue(), "private unless asked");
    assertFalse(b.has("modelId"), "the provider adds the model id");
    assertFalse(b.has("num_inference_steps"));
    assertTrue(b.get("seed").isIntegralNumber());
    Adaptation size = only(t, RequestField.SIZE);
    assertEquals("1000x700", size.requested());
    assertOnlyKnownKeys(model("phoenix-1.0"), b);
  }

  @Test
  void eightImagesAt1024AreSplitIntoFourAndFourWithDistinctSeeds() {
    Translation t =
        translate(
            "phoenix-1.0",
            GenerationRequest.builder("a castle")
                .size(Size.exact(1024, 1024))
                .count(8)
                .seed(500L)
                .build());
    assertEquals(2, t.bodies().size());
    assertEquals(4, t.bodies().get(0).get("num_images").intValue());
    assertEquals(4, t.bodies().get(1).get("num_images").intValue());
    assertEquals(500, t.bodies().get(0).get("seed").longValue());
    assertEquals(504, t.bodies().get(1).get("seed").longValue());
    Adaptation count = only(t, RequestField.COUNT);
    assertEquals("2 calls (4+4)", count.applied());
    assertTrue(count.reason().contains("when a side exceeds 768 px"), count.reason());

    ObjectNode small =
        body(
            "phoenix-1.0",
            GenerationRequest.builder("a castle").size(Size.exact(768, 768)).count(8).build());
    assertEquals(8, small.get("num_images").intValue(), "eight fit in one call up to 768");
  }

  @Test
  void twoThousandByOneThousandIsFittedWithin1536OrRefusedWhenStrict() {
    Translation t =
        translate(
            "lightning-xl",
            GenerationRequest.builder("a castle").size(Size.exact(2000, 1000)).build());
    ObjectNode b = t.bodies().get(0);
    int w = b.get("width").intValue();
    int h = b.get("height").intValue();
    assertTrue(w <= 1536 && h <= 1536 && w % 8 == 0 && h % 8 == 0, w + "x" + h);
    assertEquals(2.0, (double) w / h, 0.02, "the ratio is kept");
    assertEquals("2000x1000", only(t, RequestField.SIZE).requested());

    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            translate(
                "lightning-xl",
                GenerationRequest.builder("a castle")
                    .size(Size.exact(2000, 1000))
                    .require(RequestField.SIZE)
                    .build()));
  }

  @Test
  void fluxSeedsStopAt2147483637() {
    Translation t =
        translate("flux-dev", GenerationRequest.builder("a fox").seed(2_147_483_640L).build());
    assertTrue(t.bodies().get(0).get("seed").longValue() <= 2_147_483_637L);
    assertEquals("2147483640", only(t, RequestField.SEED).requested());
    // A large seed is fine for Phoenix.
    assertEquals(
        9_000_000_000L,
        body("phoenix-1.0", GenerationRequest.builder("a fox").seed(9_000_000_000L).build())
            .get("seed")
            .longValue());
  }

  @Test
  void nativeParametersAreCheckedAgainstTheModel() {
    ObjectNode kino =
        body(
            "kino-xl",
            GenerationRequest.builder("a street at night")
                .steps(30)
                .guidance(7.0)
                .extension("leonardo", "photoReal", true)
                .extension("leonardo", "photoRealVersion", "v2")
                .extension("leonardo", "alchemy", true)
                .extension("leonardo", "presetStyle", "CINEMATIC")
                .build());
    assertTrue(kino.get("photoReal").booleanValue());
    assertEquals("v2", kino.get("photoRealVersion").asText());
    assertEquals(30, kino.get("num_inference_steps").intValue());
    assertEquals(7.0, kino.get("guidance_scale").doubleValue());
    assertFalse(kino.has("contrast"), "no contrast for SDXL");

    InvalidRequestException photoRealOnPhoenix =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    "phoenix-1.0",
                    GenerationRequest.builder("x")
                        .extension("leonardo", "photoReal", true)
                        .build()));
    assertTrue(photoRealOnPhoenix.getMessage().contains("has no parameter 'photoReal'"));

    assertEquals(
        1.3,
        body(
                "phoenix-1.0",
                GenerationRequest.builder("x").extension("leonardo", "contrast", 1.3).build())
            .get("contrast")
            .doubleValue());
    InvalidRequestException badContrast =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    "flux-dev",
                    GenerationRequest.builder("x").extension("leonardo", "contrast", 2).build()));
    assertTrue(badContrast.getMessage().contains("1.0, 1.3, 1.8, 2.5, 3, 3.5, 4, 4.5"));

    assertThrows(
        InvalidRequestException.class,
        () ->
            translate(
                "lucid-origin",
                GenerationRequest.builder("x").extension("leonardo", "alchemy", true).build()),
        "Lucid takes no alchemy");
  }

  @Test
  void whatAModelCannotTakeIsReportedNotSent() {
    Translation phoenix =
        translate("phoenix-1.0", GenerationRequest.builder("x").steps(30).guidance(7.0).build());
    assertFalse(phoenix.bodies().get(0).has("num_inference_steps"));
    assertEquals(1, adaptations(phoenix, RequestField.STEPS).size());
    assertEquals(1, adaptations(phoenix, RequestField.GUIDANCE).size());

    Translation flux =
        translate("flux-dev", GenerationRequest.builder("x").negativePrompt("fog").build());
    assertFalse(flux.bodies().get(0).has("negative_prompt"));
    assertEquals(1, adaptations(flux, RequestField.NEGATIVE_PROMPT).size());
  }

  @Test
  void lucidTakesFullHd() {
    Translation t =
        translate(
            "lucid-origin",
            GenerationRequest.builder("a fox").size(Size.exact(1920, 1080)).build());
    assertEquals(1920, t.bodies().get(0).get("width").intValue());
    assertEquals(1080, t.bodies().get(0).get("height").intValue());
    assertEquals(List.of(), adaptations(t, RequestField.SIZE));
  }

  @Test
  void fluxPro2TakesItsOwnV2Parameters() {
    ModelSpec m = model("flux-pro-2.0");
    assertEquals("quantity", m.count().param());
    assertEquals(List.of(), m.count().limits());
    assertEquals(4_294_967_295L, m.capabilities().seed().max());
    ObjectNode b =
        body(
            "flux-pro-2.0",
            GenerationRequest.builder("a cat")
                .size(Size.exact(1440, 810))
                .count(2)
                .seed(9L)
                .build());
    assertEquals(1440, b.get("width").intValue());
    assertEquals(810, b.get("height").intValue(), "no multiple of 8 is needed on v2");
    assertEquals(2, b.get("quantity").intValue());
    assertEquals(9, b.get("seed").longValue());
    assertFalse(b.get("public").booleanValue());
    assertOnlyKnownKeys(m, b);
  }

  @Test
  void aSimpleRequestNeedsNoAdaptationOnAnyModel() {
    for (ModelSpec m : CATALOG.models().values()) {
      Translation t = translate(m.id(), GenerationRequest.builder("a red fox in the snow").build());
      assertEquals(List.of(), t.adaptations(), m.id());
      assertOnlyKnownKeys(m, t.bodies().get(0));
      for (ParamSpec p : m.params().values()) {
        if (p.required()) {
          assertTrue(t.bodies().get(0).has(p.name()), m.id() + " must send " + p.name());
        }
      }
    }
  }

  static Adaptation only(Translation t, RequestField field) {
    List<Adaptation> a = adaptations(t, field);
    assertEquals(1, a.size(), t.adaptations().toString());
    return a.get(0);
  }

  static List<Adaptation> adaptations(Translation t, RequestField field) {
    return t.adaptations().stream().filter(a -> a.field() == field).toList();
  }

  static void assertOnlyKnownKeys(ModelSpec m, JsonNode body) {
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      assertNotNull(m.param(name), m.id() + " sent '" + name + "', which is not in its params");
    }
  }
}
