package io.genport.spi.catalog.translate;

import static io.genport.spi.catalog.translate.Translations.assertAdaptations;
import static io.genport.spi.catalog.translate.Translations.assertBodies;
import static io.genport.spi.catalog.translate.Translations.counts;
import static io.genport.spi.catalog.translate.Translations.request;
import static io.genport.spi.catalog.translate.Translations.seeds;
import static io.genport.spi.catalog.translate.Translations.translate;
import static io.genport.spi.catalog.translate.Translations.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.RequestNegotiator;
import io.genport.spi.catalog.Translation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fal-style dialect: {@code image_size} presets or {@code {width,height}}, num_images. */
class Flux2TranslationTest {
  private static final String MODEL = "flux-2";

  @Test
  void anExactPresetSize() {
    Translation t = translate(MODEL, request().size(Size.exact(1024, 768)).seed(42L));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow", "image_size": "landscape_4_3",
         "num_images": 1, "seed": 42, "enable_safety_checker": true}
        """);
    assertAdaptations(t);
  }

  @ParameterizedTest(name = "{0}x{1} -> {2}")
  @CsvSource({
    "1024, 1024, square_hd",
    "512, 512, square",
    "768, 1024, portrait_4_3",
    "576, 1024, portrait_16_9",
    "1024, 768, landscape_4_3",
    "1024, 576, landscape_16_9"
  })
  void everyPresetIsChosenForItsExactSize(int w, int h, String preset) {
    Translation t = translate(MODEL, request().size(Size.exact(w, h)).seed(1L));

    assertEquals(preset, t.bodies().get(0).get("image_size").asText());
    assertAdaptations(t);
  }

  @ParameterizedTest(name = "{0}:{1} -> {2}")
  @CsvSource({
    "16, 9, landscape_16_9",
    "4, 3, landscape_4_3",
    "3, 4, portrait_4_3",
    "9, 16, portrait_16_9"
  })
  void anAspectRatioWithAPresetUsesThePreset(int w, int h, String preset) {
    Translation t = translate(MODEL, request().size(Size.aspect(w, h)).seed(1L));

    assertEquals(preset, t.bodies().get(0).get("image_size").asText());
    assertAdaptations(t);
  }

  @Test
  void anAspectRatioAtOneMegapixelUsesTheSquareHdPreset() {
    Translation t = translate(MODEL, request().size(Size.aspect(1, 1, 1.0)).seed(1L));

    assertEquals("square_hd", t.bodies().get(0).get("image_size").asText());
    assertAdaptations(t);
  }

  @Test
  void anAspectRatioWithoutAPresetIsSentAsACustomSizeWithThatExactRatio() {
    // 21:9 at the default scale (landscape_4_3, 0.79 MP): 1344x576 is exactly 21:9 in multiples
    // of 16, so the request is honoured without an adaptation.
    Translation t = translate(MODEL, request().size(Size.aspect(21, 9)).seed(1L));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow",
         "image_size": {"width": 1344, "height": 576},
         "num_images": 1, "seed": 1, "enable_safety_checker": true}
        """);
    assertAdaptations(t);
  }

  @Test
  void anExactSizeThatIsNoPresetIsSentAsACustomSize() {
    Translation t = translate(MODEL, request().size(Size.exact(1280, 720)).seed(1L));

    assertEquals(
        Translations.json("{\"width\": 1280, \"height\": 720}"),
        wire(t.bodies().get(0)).get("image_size"));
    assertAdaptations(t);
  }

  @Test
  void aCustomSizeIsWrittenWidthFirstOnEveryRun() {
    // JSON equality ignores key order; the wire text does not, and request bodies must not vary
    // between runs.
    Translation t = translate(MODEL, request().size(Size.exact(1280, 720)).seed(1L));

    assertEquals("{\"width\":1280,\"height\":720}", t.bodies().get(0).get("image_size").toString());
  }

  @Test
  void aSizeOffTheGridIsRoundedToMultiplesOf16AndReported() {
    Translation t = translate(MODEL, request().size(Size.exact(1000, 700)).seed(1L));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow",
         "image_size": {"width": 1008, "height": 704},
         "num_images": 1, "seed": 1, "enable_safety_checker": true}
        """);
    assertAdaptations(
        t, "size 1000x700 -> 1008x704: size changed; width and height must be multiples of 16");
  }

  @Test
  void aSizeBeyondTheLimitsIsScaledDownAndReported() {
    Translation t = translate(MODEL, request().size(Size.exact(3000, 1000)).seed(1L));

    assertEquals(
        Translations.json("{\"width\": 2016, \"height\": 672}"),
        wire(t.bodies().get(0)).get("image_size"));
    assertAdaptations(
        t,
        "size 3000x1000 -> 2016x672: size changed; width and height must be between 512 and"
            + " 2048, width and height must be multiples of 16");
  }

  @Test
  void anUnspecifiedSizeSendsNoSize() {
    Translation t = translate(MODEL, request().seed(1L));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow", "num_images": 1, "seed": 1,
         "enable_safety_checker": true}
        """);
    assertAdaptations(t);
  }

  @Test
  void aRequiredSizeThatNeedsAdaptationFails() {
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                translate(
                    MODEL,
                    request().size(Size.exact(1000, 700)).require(RequestField.SIZE).seed(1L)));

    assertEquals(RequestField.SIZE, e.field());
    assertTrue(e.getMessage().contains("nearest is 1008x704"), e.getMessage());
  }

  @Test
  void fourImagesFitInOneCall() {
    Translation t = translate(MODEL, request().count(4).seed(9L));

    assertEquals(List.of(4), counts(t));
    assertEquals(4, t.bodies().get(0).get("num_images").asInt());
    assertAdaptations(t);
  }

  @Test
  void sixImagesAreSplitIntoCallsWithDistinctSeeds() {
    Translation t = translate(MODEL, request().count(6).seed(100L));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow", "num_images": 4, "seed": 100,
         "enable_safety_checker": true}
        """,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow", "num_images": 2, "seed": 104,
         "enable_safety_checker": true}
        """);
    assertEquals(List.of(0, 4), t.negotiated().parts().stream().map(p -> p.firstImage()).toList());
    assertAdaptations(
        t,
        "count 6 -> 2 calls (4+2): the model returns at most 4 images per call; each call gets"
            + " its own seed");
  }

  @Test
  void splitSeedsWrapAtTheTopOfTheRange() {
    Translation t = translate(MODEL, request().count(6).seed(4_294_967_294L));

    assertEquals(List.of(4_294_967_294L, 2L), seeds(t));
    assertEquals(2, t.bodies().get(1).get("seed").asLong());
    assertAdaptations(
        t,
        "count 6 -> 2 calls (4+2): the model returns at most 4 images per call; each call gets"
            + " its own seed");
  }

  @Test
  void seedZeroIsASeed() {
    Translation t = translate(MODEL, request().seed(0L));

    assertEquals(0, t.bodies().get(0).get("seed").asLong());
    assertTrue(t.bodies().get(0).get("seed").isIntegralNumber());
    assertAdaptations(t);
  }

  @Test
  void aSeedAboveTheRangeIsWrappedAndReported() {
    Translation t = translate(MODEL, request().seed(4_294_967_296L));

    assertEquals(0, t.bodies().get(0).get("seed").asLong());
    assertAdaptations(t, "seed 4294967296 -> 0: the model accepts seeds 0..4294967295");
  }

  @Test
  void aMissingSeedIsDrawnReproduciblyAndSent() {
    Translation first = translate(MODEL, request().count(6));
    Translation second = translate(MODEL, request().count(6));

    long drawn = first.negotiated().parts().get(0).seed();
    assertTrue(drawn >= 0 && drawn <= RequestNegotiator.DRAWN_SEED_MAX, Long.toString(drawn));
    assertEquals(List.of(drawn, drawn + 4), seeds(first));
    assertEquals(seeds(first), seeds(second));
    assertEquals(drawn, first.bodies().get(0).get("seed").asLong());
    assertEquals(drawn + 4, first.bodies().get(1).get("seed").asLong());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "STANDARD, true, ''",
    "OFF, false, ''",
    "STRICT, true, STRICT",
    "RELAXED, true, RELAXED"
  })
  void safetyMapsToTheSafetyChecker(SafetyLevel level, boolean checker, String adapted) {
    Translation t = translate(MODEL, request().safety(level).seed(1L));

    assertEquals(checker, t.bodies().get(0).get("enable_safety_checker").asBoolean());
    assertTrue(t.bodies().get(0).get("enable_safety_checker").isBoolean());
    if (adapted.isEmpty()) {
      assertAdaptations(t);
    } else {
      assertAdaptations(
          t,
          "safety "
              + adapted
              + " -> STANDARD: the model supports only [STANDARD, OFF]; the nearest stricter"
              + " level is used where there is one");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PNG, png", "JPEG, jpeg", "WEBP, webp"})
  void formatMapsToOutputFormat(ImageFormat format, String value) {
    Translation t = translate(MODEL, request().format(format).seed(1L));

    assertEquals(value, t.bodies().get(0).get("output_format").asText());
    assertAdaptations(t);
  }

  @Test
  void qualityIsReportedAsUnsupported() {
    Translation t = translate(MODEL, request().format(ImageFormat.JPEG, 90).seed(1L));

    assertEquals("jpeg", t.bodies().get(0).get("output_format").asText());
    assertAdaptations(t, "quality 90 -> model default: the model has no quality setting");
  }

  @Test
  void stepsGuidanceAndAnUnsupportedNegativePrompt() {
    Translation t =
        translate(
            MODEL,
            request().steps(30).guidance(3.5).negativePrompt("blurry, low quality").seed(1L));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow", "num_images": 1, "seed": 1,
         "enable_safety_checker": true, "num_inference_steps": 30, "guidance_scale": 3.5}
        """);
    assertAdaptations(
        t,
        "negativePrompt \"blurry, low quality\" -> not sent: the model takes no negative prompt");
  }

  @Test
  void everyAdaptationIsReportedInFieldOrder() {
    Translation t =
        translate(
            MODEL,
            request()
                .negativePrompt("blurry")
                .size(Size.exact(1000, 700))
                .count(5)
                .seed(4_294_967_296L)
                .safety(SafetyLevel.STRICT)
                .format(ImageFormat.PNG, 80));

    assertEquals(
        List.of(
            RequestField.NEGATIVE_PROMPT,
            RequestField.SIZE,
            RequestField.COUNT,
            RequestField.SEED,
            RequestField.SAFETY,
            RequestField.QUALITY),
        t.adaptations().stream().map(a -> a.field()).toList());
    assertEquals(List.of(0L, 4L), seeds(t));
  }
}
