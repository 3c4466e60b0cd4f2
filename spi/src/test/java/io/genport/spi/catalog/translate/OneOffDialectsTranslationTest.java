package io.genport.spi.catalog.translate;

import static io.genport.spi.catalog.translate.Translations.assertAdaptations;
import static io.genport.spi.catalog.translate.Translations.assertBodies;
import static io.genport.spi.catalog.translate.Translations.request;
import static io.genport.spi.catalog.translate.Translations.seeds;
import static io.genport.spi.catalog.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.RequestNegotiator;
import io.genport.spi.catalog.Translation;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one-off dialects: explicit size lists, Fooocus, Bria and Imagen 4. */
class OneOffDialectsTranslationTest {

  /** gpt-image-v1-5-text-to-image: an explicit WxH list; no seed, no safety setting. */
  @Nested
  class GptImage {
    private static final String MODEL = "gpt-image-v1-5-text-to-image";
    private static final String SIZES =
        "the model takes only the sizes 1024x1024, 1536x1024, 1024x1536";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1024x1024, 1024, 1024", "1536x1024, 1536, 1024", "1024x1536, 1024, 1536"})
    void aListedSizeIsSentAsItsLabel(String label, int w, int h) {
      Translation t = translate(MODEL, request().size(Size.exact(w, h)));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "image_size": "%s", "num_images": 1}
          """
              .formatted(label));
      assertAdaptations(t);
    }

    @Test
    void anUnlistedRatioTakesTheNearestSizeAndIsReported() {
      Translation t = translate(MODEL, request().size(Size.aspect(16, 9)));

      assertEquals("1536x1024", t.bodies().get(0).get("image_size").asText());
      assertAdaptations(t, "size 16:9 -> 1536x1024: aspect ratio changed; " + SIZES);
    }

    @Test
    void anExactSizeThatIsNotListedFailsWhenRequired() {
      UnsupportedCapabilityException e =
          assertThrows(
              UnsupportedCapabilityException.class,
              () ->
                  translate(
                      MODEL, request().size(Size.exact(1000, 1000)).require(RequestField.SIZE)));

      assertEquals(RequestField.SIZE, e.field());
      assertTrue(e.getMessage().contains("nearest is 1024x1024"), e.getMessage());
    }

    @Test
    void aSeedCannotBeSentAndIsReported() {
      Translation t = translate(MODEL, request().seed(42L));

      assertBodies(t, "{\"prompt\": \"a red fox in fresh snow\", \"num_images\": 1}");
      assertEquals(java.util.Collections.singletonList(null), seeds(t));
      assertAdaptations(
          t, "seed 42 -> not sent: the model takes no seed; results are not reproducible");
    }

    @Test
    void noSeedIsDrawnForAModelWithoutOne() {
      Translation t = translate(MODEL, request());

      assertNull(t.negotiated().parts().get(0).seed());
      assertAdaptations(t);
    }

    @Test
    void aRequiredSeedFails() {
      UnsupportedCapabilityException e =
          assertThrows(
              UnsupportedCapabilityException.class,
              () -> translate(MODEL, request().seed(42L).require(RequestField.SEED)));
      assertEquals(RequestField.SEED, e.field());
    }

    @Test
    void fiveImagesAreSplitWithoutSeeds() {
      Translation t = translate(MODEL, request().count(5));

      assertBodies(
          t,
          "{\"prompt\": \"a red fox in fresh snow\", \"num_images\": 4}",
          "{\"prompt\": \"a red fox in fresh snow\", \"num_images\": 1}");
      assertAdaptations(t, "count 5 -> 2 calls (4+1): the model returns at most 4 images per call");
    }

    @Test
    void safetyOtherThanStandardIsReported() {
      Translation t = translate(MODEL, request().safety(SafetyLevel.OFF));

      assertBodies(t, "{\"prompt\": \"a red fox in fresh snow\", \"num_images\": 1}");
      assertAdaptations(t, "safety OFF -> vendor default: the model has no safety setting");
    }

    @Test
    void formatIsMappedAndQualityReported() {
      Translation t = translate(MODEL, request().format(ImageFormat.JPEG, 80));

      assertEquals("jpeg", t.bodies().get(0).get("output_format").asText());
      assertAdaptations(t, "quality 80 -> model default: the model has no quality setting");
    }

    @Test
    void itsQualityTierAndBackgroundAreExtensions() {
      Translation t =
          translate(
              MODEL,
              request()
                  .format(ImageFormat.PNG)
                  .extension("test", "quality", "medium")
                  .extension("test", "background", "transparent"));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "num_images": 1, "output_format": "png",
           "quality": "medium", "background": "transparent"}
          """);
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> translate(MODEL, request().extension("test", "quality", "ultra")));
      assertEquals("quality", e.field());
      assertTrue(e.getMessage().contains("allowed: low, medium, high"), e.getMessage());
    }
  }

  /** fooocus-api: {@code 1152*896} sizes, image_number, image_seed with -1 meaning random. */
  @Nested
  class Fooocus {
    private static final String MODEL = "fooocus-api";
    private static final String SIZES =
        "the model takes only the sizes "
            + String.join(
                ", ",
                Translations.CATALOG.require(MODEL).param("aspect_ratios_selection").enumValues());

    @Test
    void aListedSize() {
      Translation t = translate(MODEL, request().size(Size.exact(1152, 896)).seed(7L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratios_selection": "1152*896",
           "image_number": 1, "image_seed": 7}
          """);
      assertAdaptations(t);
    }

    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource({"1, 1, 1024*1024", "3, 1, 1728*576", "1, 2, 704*1408", "7, 4, 1344*768"})
    void aRatioThatOneOfTheSizesHasExactly(int w, int h, String label) {
      Translation t = translate(MODEL, request().size(Size.aspect(w, h)).seed(7L));

      assertEquals(label, t.bodies().get(0).get("aspect_ratios_selection").asText());
      assertAdaptations(t);
    }

    @Test
    void anUnlistedSizeTakesTheClosestRatio() {
      Translation t = translate(MODEL, request().size(Size.exact(1024, 768)).seed(7L));

      assertEquals("1152*896", t.bodies().get(0).get("aspect_ratios_selection").asText());
      assertAdaptations(t, "size 1024x768 -> 1152*896: size changed; " + SIZES);
    }

    @Test
    void sixteenByNineIsNotAvailableAndIsReported() {
      Translation t = translate(MODEL, request().size(Size.aspect(16, 9)).seed(7L));

      assertEquals("1344*768", t.bodies().get(0).get("aspect_ratios_selection").asText());
      assertAdaptations(t, "size 16:9 -> 1344*768: aspect ratio changed; " + SIZES);
    }

    @Test
    void tenImagesAreSplitEightAndTwoWithDistinctSeeds() {
      Translation t = translate(MODEL, request().count(10).seed(100L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "image_number": 8, "image_seed": 100}
          """,
          """
          {"prompt": "a red fox in fresh snow", "image_number": 2, "image_seed": 108}
          """);
      assertAdaptations(
          t,
          "count 10 -> 2 calls (8+2): the model returns at most 8 images per call; each call gets"
              + " its own seed");
    }

    @Test
    void minusOneWouldMeanRandomSoItIsNotSent() {
      Translation t = translate(MODEL, request().seed(-1L));

      assertEquals(0, t.bodies().get(0).get("image_seed").asLong());
      assertAdaptations(t, "seed -1 -> 0: -1 means 'random' to this model");
    }

    @Test
    void seedZeroIsASeed() {
      Translation t = translate(MODEL, request().seed(0L));

      assertEquals(0, t.bodies().get(0).get("image_seed").asLong());
      assertAdaptations(t);
    }

    @Test
    void aLargeSeedIsInRange() {
      Translation t = translate(MODEL, request().seed(Long.MAX_VALUE));

      assertEquals(Long.MAX_VALUE, t.bodies().get(0).get("image_seed").asLong());
      assertAdaptations(t);
    }

    @Test
    void aNegativeSeedIsWrappedIntoTheRange() {
      Translation t = translate(MODEL, request().seed(-5L));

      assertEquals(Long.MAX_VALUE - 4, t.bodies().get(0).get("image_seed").asLong());
      assertAdaptations(
          t, "seed -5 -> 9223372036854775803: the model accepts seeds 0..9223372036854775807");
    }

    @Test
    void splitSeedsNearTheTopOfTheRangeWrapInsteadOfOverflowing() {
      Translation t = translate(MODEL, request().count(10).seed(Long.MAX_VALUE - 3));

      assertEquals(List.of(Long.MAX_VALUE - 3, 4L), seeds(t));
      assertEquals(4, t.bodies().get(1).get("image_seed").asLong());
    }

    @Test
    void aDrawnSeedIsNeverTheRandomSentinel() {
      Translation t = translate(MODEL, request());

      long seed = t.bodies().get(0).get("image_seed").asLong();
      assertTrue(seed >= 0 && seed <= RequestNegotiator.DRAWN_SEED_MAX, Long.toString(seed));
    }

    @Test
    void negativePromptAndGuidance() {
      Translation t = translate(MODEL, request().negativePrompt("blurry").guidance(4.5).seed(7L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "negative_prompt": "blurry", "image_number": 1,
           "image_seed": 7, "guidance_scale": 4.5}
          """);
      assertAdaptations(t);
    }

    @Test
    void guidanceAboveThirtyIsClamped() {
      Translation t = translate(MODEL, request().guidance(40.0).seed(7L));

      assertEquals(30, t.bodies().get(0).get("guidance_scale").asInt());
      assertAdaptations(t, "guidance 40 -> 30: the model accepts 1..30");
    }

    @Test
    void formatStepsAndSafetyAreNotSettings() {
      Translation t =
          translate(
              MODEL, request().format(ImageFormat.PNG).steps(30).safety(SafetyLevel.OFF).seed(7L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "image_number": 1, "image_seed": 7}
          """);
      assertAdaptations(
          t,
          "safety OFF -> vendor default: the model has no safety setting",
          "format PNG -> model default: the model has no format setting; the image is returned"
              + " as produced",
          "steps 30 -> not sent: the model has no steps setting");
    }

    @Test
    void nativeSettingsAsExtensions() {
      Translation t =
          translate(
              MODEL,
              request()
                  .seed(7L)
                  .extension("test", "performance_selection", "Extreme Speed")
                  .extension("test", "style_selections", "Fooocus V2,Fooocus Sharp")
                  .extension("test", "uov_method", "Upscale (Custom)")
                  .extension("test", "sharpness", 3.5));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "image_number": 1, "image_seed": 7,
           "performance_selection": "Extreme Speed", "style_selections": "Fooocus V2,Fooocus Sharp",
           "uov_method": "Upscale (Custom)", "sharpness": 3.5}
          """);
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () ->
                  translate(MODEL, request().extension("test", "performance_selection", "Turbo")));
      assertTrue(e.getMessage().contains("allowed: Speed, Quality, Extreme Speed"), e.getMessage());
    }
  }

  /** bria-v1-text-to-image-hd: num_results, content_moderation, required model_version. */
  @Nested
  class Bria {
    private static final String MODEL = "bria-v1-text-to-image-hd";

    @Test
    void theRequiredModelVersionIsSentWithItsDefault() {
      Translation t = translate(MODEL, request().seed(3L).safety(SafetyLevel.OFF));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "model_version": "2.2", "num_results": 1,
           "seed": 3, "content_moderation": false}
          """);
      assertAdaptations(t);
    }

    @Test
    void standardSafetyUsesTheStricterModeration() {
      Translation t = translate(MODEL, request().seed(3L));

      assertTrue(t.bodies().get(0).get("content_moderation").asBoolean());
      assertAdaptations(
          t,
          "safety STANDARD -> STRICT: the model supports only [STRICT, OFF]; the nearest stricter"
              + " level is used where there is one");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STRICT, true, false", "RELAXED, true, true", "OFF, false, false"})
    void safetyMapsToContentModeration(SafetyLevel level, boolean moderation, boolean adapted) {
      Translation t = translate(MODEL, request().safety(level).seed(3L));

      assertEquals(moderation, t.bodies().get(0).get("content_moderation").asBoolean());
      assertEquals(adapted ? 1 : 0, t.adaptations().size(), t.adaptations().toString());
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"1, 1", "2, 3", "3, 2", "3, 4", "4, 3", "4, 5", "5, 4", "9, 16", "16, 9"})
    void everyRatioIsSentAsItsLabel(int w, int h) {
      Translation t =
          translate(MODEL, request().size(Size.aspect(w, h)).safety(SafetyLevel.OFF).seed(3L));

      assertEquals(w + ":" + h, t.bodies().get(0).get("aspect_ratio").asText());
      assertAdaptations(t);
    }

    @Test
    void sixResultsAreSplitFourAndTwo() {
      Translation t = translate(MODEL, request().count(6).safety(SafetyLevel.OFF).seed(10L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "model_version": "2.2", "num_results": 4,
           "seed": 10, "content_moderation": false}
          """,
          """
          {"prompt": "a red fox in fresh snow", "model_version": "2.2", "num_results": 2,
           "seed": 14, "content_moderation": false}
          """);
    }

    @Test
    void negativePromptStepsAndWholeNumberGuidance() {
      Translation t =
          translate(
              MODEL,
              request()
                  .negativePrompt("text, watermark")
                  .steps(40)
                  .guidance(7.0)
                  .safety(SafetyLevel.OFF)
                  .seed(3L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "model_version": "2.2",
           "negative_prompt": "text, watermark", "num_results": 1, "seed": 3,
           "content_moderation": false, "steps_num": 40, "text_guidance_scale": 7}
          """);
      assertTrue(t.bodies().get(0).get("text_guidance_scale").isIntegralNumber());
      assertAdaptations(t);
    }

    @Test
    void fractionalGuidanceIsRoundedForItsIntegerParameterAndReported() {
      Translation t = translate(MODEL, request().guidance(5.5).safety(SafetyLevel.OFF).seed(3L));

      assertEquals(6, t.bodies().get(0).get("text_guidance_scale").asLong());
      assertTrue(t.bodies().get(0).get("text_guidance_scale").isIntegralNumber());
      assertEquals(6.0, t.negotiated().guidance());
      assertAdaptations(t, "guidance 5.5 -> 6: the model takes whole-number guidance");
    }

    @Test
    void fractionalGuidanceFailsWhenRequired() {
      UnsupportedCapabilityException e =
          assertThrows(
              UnsupportedCapabilityException.class,
              () ->
                  translate(
                      MODEL,
                      request()
                          .guidance(5.5)
                          .require(RequestField.GUIDANCE)
                          .safety(SafetyLevel.OFF)));
      assertEquals(RequestField.GUIDANCE, e.field());
      assertTrue(e.getMessage().contains("5.5"), e.getMessage());
    }

    @Test
    void enumExtensionsAreChecked() {
      Translation t =
          translate(
              MODEL,
              request()
                  .safety(SafetyLevel.OFF)
                  .seed(3L)
                  .extension("test", "medium", "photography")
                  .extension("test", "model_version", "2.2"));

      assertEquals("photography", t.bodies().get(0).get("medium").asText());
      assertEquals("2.2", t.bodies().get(0).get("model_version").asText());
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> translate(MODEL, request().extension("test", "medium", "painting")));
      assertEquals("medium", e.field());
      assertTrue(
          e.getMessage()
              .contains(
                  "'painting' is not allowed for model 'bria-v1-text-to-image-hd'; allowed:"
                      + " photography, art"),
          e.getMessage());
      InvalidRequestException v =
          assertThrows(
              InvalidRequestException.class,
              () -> translate(MODEL, request().extension("test", "model_version", "3.0")));
      assertEquals("model_version", v.field());
    }
  }

  /** imagen4-preview: a string-typed seed and no safety setting. */
  @Nested
  class Imagen4 {
    private static final String MODEL = "imagen4-preview";

    @Test
    void theSeedIsSentAsAString() {
      Translation t = translate(MODEL, request().size(Size.aspect(16, 9)).seed(42L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "aspect_ratio": "16:9", "num_images": 1,
           "seed": "42"}
          """);
      assertTrue(t.bodies().get(0).get("seed").isTextual());
      assertAdaptations(t);
    }

    @Test
    void seedZeroIsTheStringZero() {
      Translation t = translate(MODEL, request().seed(0L));

      assertEquals("0", t.bodies().get(0).get("seed").textValue());
    }

    @Test
    void aDrawnSeedIsSentAsAStringToo() {
      Translation first = translate(MODEL, request().count(6));
      Translation again = translate(MODEL, request().count(6));

      long drawn = first.negotiated().parts().get(0).seed();
      assertTrue(drawn >= 0 && drawn <= RequestNegotiator.DRAWN_SEED_MAX, Long.toString(drawn));
      assertEquals(Long.toString(drawn), first.bodies().get(0).get("seed").textValue());
      assertEquals(Long.toString(drawn + 4), first.bodies().get(1).get("seed").textValue());
      assertEquals(seeds(first), seeds(again));
    }

    @Test
    void splitCallsGetDistinctStringSeeds() {
      Translation t = translate(MODEL, request().count(6).seed(42L));

      assertBodies(
          t,
          "{\"prompt\": \"a red fox in fresh snow\", \"num_images\": 4, \"seed\": \"42\"}",
          "{\"prompt\": \"a red fox in fresh snow\", \"num_images\": 2, \"seed\": \"46\"}");
    }

    @Test
    void aSeedAboveTheRangeIsWrappedAndReported() {
      Translation t = translate(MODEL, request().seed(5_000_000_000L));

      assertEquals("705032704", t.bodies().get(0).get("seed").textValue());
      assertAdaptations(t, "seed 5000000000 -> 705032704: the model accepts seeds 0..4294967295");
    }

    @Test
    void thereIsNoSafetySetting() {
      Translation standard = translate(MODEL, request().seed(1L));
      Translation off = translate(MODEL, request().safety(SafetyLevel.OFF).seed(1L));

      for (Translation t : List.of(standard, off)) {
        assertEquals(
            List.of("prompt", "num_images", "seed"), iterable(t.bodies().get(0).fieldNames()));
        assertNull(t.negotiated().safety());
      }
      assertAdaptations(standard);
      assertAdaptations(off, "safety OFF -> vendor default: the model has no safety setting");
      assertFalse(Translations.CATALOG.require(MODEL).params().containsKey("safety_filter_level"));
    }

    @Test
    void aRequiredSafetyLevelFails() {
      UnsupportedCapabilityException e =
          assertThrows(
              UnsupportedCapabilityException.class,
              () ->
                  translate(
                      MODEL, request().safety(SafetyLevel.STRICT).require(RequestField.SAFETY)));
      assertEquals(RequestField.SAFETY, e.field());
    }

    @Test
    void aSafetyFilterLevelExtensionIsRejectedAsUnknown() {
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () ->
                  translate(
                      MODEL,
                      request().extension("test", "safety_filter_level", "block_only_high")));

      assertEquals("safety_filter_level", e.field());
      assertTrue(
          e.getMessage()
              .contains(
                  "its parameters are prompt, negative_prompt, aspect_ratio, num_images, seed"),
          e.getMessage());
    }

    @Test
    void negativePromptAndUnsupportedFormat() {
      Translation t =
          translate(MODEL, request().negativePrompt("people").format(ImageFormat.PNG).seed(1L));

      assertBodies(
          t,
          """
          {"prompt": "a red fox in fresh snow", "negative_prompt": "people", "num_images": 1,
           "seed": "1"}
          """);
      assertAdaptations(
          t,
          "format PNG -> model default: the model has no format setting; the image is returned"
              + " as produced");
    }

    private List<String> iterable(java.util.Iterator<String> it) {
      List<String> out = new java.util.ArrayList<>();
      it.forEachRemaining(out::add);
      return out;
    }
  }
}
