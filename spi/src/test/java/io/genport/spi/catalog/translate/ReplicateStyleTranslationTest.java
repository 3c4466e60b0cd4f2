package io.genport.spi.catalog.translate;

import static io.genport.spi.catalog.translate.Translations.assertAdaptations;
import static io.genport.spi.catalog.translate.Translations.assertBodies;
import static io.genport.spi.catalog.translate.Translations.counts;
import static io.genport.spi.catalog.translate.Translations.request;
import static io.genport.spi.catalog.translate.Translations.seeds;
import static io.genport.spi.catalog.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.spi.catalog.Translation;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Replicate-style dialect: {@code aspect_ratio} (with or without custom), num_outputs. */
class ReplicateStyleTranslationTest {

  /** flux-1-1-pro: ratios plus {@code custom} with width/height; one image per call. */
  @Nested
  class Flux11Pro {
    private static final String MODEL = "flux-1-1-pro";

    @Test
    void aListedRatioAtItsNominalSize() {
      Translation t = translate(MODEL, request().size(Size.exact(1024, 1024)).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "1:1", "seed": 1,
           "safety_tolerance": 2}
          """);
      assertAdaptations(t);
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"16, 9", "9, 16", "2, 3", "3, 2", "4, 5", "5, 4", "3, 4", "4, 3"})
    void everyListedRatioIsSentAsItsLabel(int w, int h) {
      Translation t = translate(MODEL, request().size(Size.aspect(w, h)).seed(1L));

      assertEquals(w + ":" + h, t.bodies().get(0).get("aspect_ratio").asText());
      assertFalse(t.bodies().get(0).has("width"));
      assertFalse(t.bodies().get(0).has("height"));
      assertAdaptations(t);
    }

    @Test
    void anUnlistedRatioIsSentAsACustomSizeWithinOnePercent() {
      // 21:9 at 1 MP is 1564x670, wider than 1440; the closest ratio that fits is 1424x608
      // (2.342, 0.4% off), which honours the ratio.
      Translation t = translate(MODEL, request().size(Size.aspect(21, 9)).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "custom", "width": 1424,
           "height": 608, "seed": 1, "safety_tolerance": 2}
          """);
      assertAdaptations(t);
    }

    @Test
    void anExactSizeOnTheGridIsSentAsCustom() {
      Translation t = translate(MODEL, request().size(Size.exact(1440, 960)).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "custom", "width": 1440,
           "height": 960, "seed": 1, "safety_tolerance": 2}
          """);
      assertAdaptations(t);
    }

    @Test
    void anExactSizeOffTheGridIsRoundedAndReported() {
      Translation t = translate(MODEL, request().size(Size.exact(1000, 700)).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "custom", "width": 1008,
           "height": 704, "seed": 1, "safety_tolerance": 2}
          """);
      assertAdaptations(
          t, "size 1000x700 -> 1008x704: size changed; width and height must be multiples of 16");
    }

    @Test
    void aSizeAboveTheLimitIsScaledDownAndReported() {
      Translation t = translate(MODEL, request().size(Size.exact(2048, 2048)).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "custom", "width": 1440,
           "height": 1440, "seed": 1, "safety_tolerance": 2}
          """);
      assertAdaptations(
          t,
          "size 2048x2048 -> 1440x1440: size changed; width and height must be between 256 and"
              + " 1440");
    }

    @Test
    void everyImageIsItsOwnCallWithItsOwnSeed() {
      Translation t = translate(MODEL, request().count(3).seed(100L));

      String body =
          """
          {"prompt": "a red fox in fresh snow", "seed": %d, "safety_tolerance": 2}
          """;
      assertBodies(t, body.formatted(100), body.formatted(101), body.formatted(102));
      assertEquals(List.of(1, 1, 1), counts(t));
      assertAdaptations(
          t,
          "count 3 -> 3 calls (1+1+1): the model returns at most 1 image per call; each call"
              + " gets its own seed");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"STRICT, 1", "STANDARD, 2", "RELAXED, 4", "OFF, 5"})
    void safetyMapsToSafetyTolerance(SafetyLevel level, int tolerance) {
      Translation t = translate(MODEL, request().safety(level).seed(1L));

      assertTrue(t.bodies().get(0).get("safety_tolerance").isIntegralNumber());
      assertEquals(tolerance, t.bodies().get(0).get("safety_tolerance").asInt());
      assertAdaptations(t);
    }

    @Test
    void jpegIsSentAsJpgWithItsQuality() {
      Translation t = translate(MODEL, request().format(ImageFormat.JPEG, 90).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "seed": 1, "safety_tolerance": 2,
           "output_format": "jpg", "output_quality": 90}
          """);
      assertAdaptations(t);
    }

    @Test
    void webpIsNotOfferedAndIsReported() {
      Translation t = translate(MODEL, request().format(ImageFormat.WEBP).seed(1L));

      assertFalse(t.bodies().get(0).has("output_format"));
      assertAdaptations(
          t,
          "format WEBP -> model default: the model produces only [PNG, JPEG]; the image is"
              + " returned as produced");
    }

    @Test
    void extensionsAreCheckedAgainstTheParameterTable() {
      Translation t =
          translate(MODEL, request().seed(1L).extension("test", "prompt_upsampling", true));

      assertTrue(t.bodies().get(0).get("prompt_upsampling").asBoolean());
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> translate(MODEL, request().extension("test", "aspect_ratio", "21:9")));
      assertEquals("aspect_ratio", e.field());
      assertTrue(
          e.getMessage().contains("allowed: custom, 1:1, 16:9, 2:3, 3:2, 4:5, 5:4, 9:16, 3:4, 4:3"),
          e.getMessage());
    }
  }

  /** flux-schnell: ratios without custom, a choice of 1 or 0.25 megapixels, up to 4 outputs. */
  @Nested
  class FluxSchnell {
    private static final String MODEL = "flux-schnell";
    private static final String RATIOS =
        "the model takes aspect ratios (1:1, 16:9, 21:9, 3:2, 2:3, 4:5, 5:4, 3:4, 4:3, 9:16, 9:21)"
            + " at 1 or 0.25 MP";

    @Test
    void oneMegapixelSquare() {
      Translation t = translate(MODEL, request().size(Size.exact(1024, 1024)).seed(5L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "1:1", "megapixels": "1",
           "num_outputs": 1, "seed": 5, "disable_safety_checker": false}
          """);
      assertAdaptations(t);
    }

    @Test
    void aQuarterMegapixelSquare() {
      Translation t = translate(MODEL, request().size(Size.exact(512, 512)).seed(5L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "1:1", "megapixels": "0.25",
           "num_outputs": 1, "seed": 5, "disable_safety_checker": false}
          """);
      assertAdaptations(t);
    }

    @Test
    void anAspectRatioWithoutAScaleSendsNoMegapixels() {
      Translation t = translate(MODEL, request().size(Size.aspect(16, 9)).seed(5L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "16:9", "num_outputs": 1,
           "seed": 5, "disable_safety_checker": false}
          """);
      assertAdaptations(t);
    }

    @Test
    void anAspectRatioAtAQuarterMegapixel() {
      Translation t = translate(MODEL, request().size(Size.aspect(21, 9, 0.25)).seed(5L));

      assertEquals("21:9", t.bodies().get(0).get("aspect_ratio").asText());
      assertEquals("0.25", t.bodies().get(0).get("megapixels").asText());
      assertTrue(t.bodies().get(0).get("megapixels").isTextual());
      assertAdaptations(t);
    }

    @Test
    void anUnlistedSizeTakesTheNearestRatioAndScale() {
      Translation t = translate(MODEL, request().size(Size.exact(1000, 700)).seed(5L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "3:2", "megapixels": "1",
           "num_outputs": 1, "seed": 5, "disable_safety_checker": false}
          """);
      assertAdaptations(t, "size 1000x700 -> 3:2 @ 1 MP (1248x832): size changed; " + RATIOS);
    }

    @Test
    void aScaleAboveOneMegapixelIsReported() {
      Translation t = translate(MODEL, request().size(Size.aspect(4, 3, 2.0)).seed(5L));

      assertEquals("4:3", t.bodies().get(0).get("aspect_ratio").asText());
      assertEquals("1", t.bodies().get(0).get("megapixels").asText());
      assertAdaptations(
          t, "size 4:3 @ 2.0 MP -> 4:3 @ 1 MP (1184x880): pixel count changed; " + RATIOS);
    }

    @Test
    void sixOutputsAreSplitFourAndTwoWithDistinctSeeds() {
      Translation t = translate(MODEL, request().count(6).seed(10L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "num_outputs": 4, "seed": 10,
           "disable_safety_checker": false}
          """,
          """
          {"prompt": "a red fox in fresh snow", "num_outputs": 2, "seed": 14,
           "disable_safety_checker": false}
          """);
      assertEquals(List.of(10L, 14L), seeds(t));
      assertAdaptations(
          t,
          "count 6 -> 2 calls (4+2): the model returns at most 4 images per call; each call gets"
              + " its own seed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "STANDARD, false, ''",
      "OFF, true, ''",
      "STRICT, false, STRICT",
      "RELAXED, false, RELAXED"
    })
    void safetyMapsToDisableSafetyChecker(SafetyLevel level, boolean disabled, String adapted) {
      Translation t = translate(MODEL, request().safety(level).seed(5L));

      assertEquals(disabled, t.bodies().get(0).get("disable_safety_checker").asBoolean());
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"WEBP, webp", "JPEG, jpg", "PNG, png"})
    void formatAndQuality(ImageFormat format, String value) {
      Translation t = translate(MODEL, request().format(format, 75).seed(5L));

      assertEquals(value, t.bodies().get(0).get("output_format").asText());
      assertEquals(75, t.bodies().get(0).get("output_quality").asInt());
      assertAdaptations(t);
    }

    @Test
    void stepsAboveFourAreClampedAndReported() {
      Translation t = translate(MODEL, request().steps(8).seed(5L));

      assertEquals(4, t.bodies().get(0).get("num_inference_steps").asInt());
      assertAdaptations(t, "steps 8 -> 4: the model accepts 1..4");
    }

    @Test
    void stepsWithinTheRangeAreSent() {
      Translation t = translate(MODEL, request().steps(2).seed(5L));

      assertEquals(2, t.bodies().get(0).get("num_inference_steps").asInt());
      assertAdaptations(t);
    }

    @Test
    void guidanceIsNotAParameterOfThisModel() {
      Translation t = translate(MODEL, request().guidance(3.5).seed(5L));

      assertFalse(t.bodies().get(0).has("guidance"));
      assertAdaptations(t, "guidance 3.5 -> not sent: the model has no guidance setting");
    }

    @Test
    void megapixelsCanBeSetAsAnExtensionButOnlyToAnEnumValue() {
      Translation t =
          translate(
              MODEL,
              request().size(Size.aspect(16, 9)).seed(5L).extension("test", "megapixels", "0.25"));

      assertEquals("0.25", t.bodies().get(0).get("megapixels").asText());
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> translate(MODEL, request().extension("test", "megapixels", "2")));
      assertEquals("megapixels", e.field());
      assertTrue(e.getMessage().contains("'2' is not allowed"), e.getMessage());
      assertTrue(e.getMessage().contains("allowed: 1, 0.25"), e.getMessage());
    }

    @Test
    void booleanExtensionsAreSentAsBooleans() {
      Translation t = translate(MODEL, request().seed(5L).extension("test", "go_fast", "false"));

      assertTrue(t.bodies().get(0).get("go_fast").isBoolean());
      assertFalse(t.bodies().get(0).get("go_fast").asBoolean());
    }
  }
}
