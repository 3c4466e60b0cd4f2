package io.genport.spi.catalog.translate;

import static io.genport.spi.catalog.translate.Translations.assertBodies;
import static io.genport.spi.catalog.translate.Translations.request;
import static io.genport.spi.catalog.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.Translation;
import org.junit.jupiter.api.Test;

/** Native extensions, and required native inputs the canonical request may not provide. */
class RequiredInputsAndExtensionsTest {

  /** A model with a required input no canonical field carries, and required mapped ones. */
  private static final ModelCatalog EXTRA =
      ModelCatalog.parse(
          """
          {"provider": "test", "models": [
            {"id": "identity-keeper",
             "params": [
               {"name": "prompt", "type": "string", "required": true},
               {"name": "identity_image", "type": "string", "required": true,
                "description": "Photo of the face to keep"},
               {"name": "num_images", "type": "integer", "required": true},
               {"name": "seed", "type": "integer", "required": true},
               {"name": "style", "type": "string", "required": true, "default": "photo",
                "enum": ["photo", "art"]},
               {"name": "strength", "type": "number", "default": 0.8}
             ],
             "prompt": "prompt",
             "count": {"param": "num_images", "max": 2},
             "seed": {"param": "seed"}},
            {"id": "strict-vendor",
             "params": [
               {"name": "prompt", "type": "string", "required": true},
               {"name": "negative_prompt", "type": "string", "required": true},
               {"name": "aspect_ratio", "type": "string", "required": true,
                "enum": ["1:1", "16:9"]}
             ],
             "prompt": "prompt",
             "negativePrompt": "negative_prompt",
             "size": {"kind": "aspect_ratio", "param": "aspect_ratio"}}
          ]}
          """,
          "extra.json");

  private static ModelSpec spec(String id) {
    return EXTRA.require(id);
  }

  @Test
  void aRequiredInputTheRequestCannotProvideIsRejectedClearly() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> translate(spec("identity-keeper"), request().seed(1L)));

    assertEquals("identity_image", e.field());
    assertTrue(
        e.getMessage()
            .contains(
                "model 'identity-keeper' requires 'identity_image' (Photo of the face to keep),"
                    + " which a canonical request cannot provide"),
        e.getMessage());
  }

  @Test
  void givenAsAnExtensionTheRequiredInputIsSentAndMappedRequiredParametersAreFilled() {
    Translation t =
        translate(
            spec("identity-keeper"),
            request()
                .count(3)
                .seed(7L)
                .extension("test", "identity_image", "https://example.com/face.png"));

    // num_images and seed are required without a default, but the count and seed mappings
    // always write them; style is required with a default, so the default is sent; strength
    // is optional and left to the vendor.
    assertBodies(
        t,
        """
        {"prompt": "a red fox in fresh snow", "num_images": 2, "seed": 7,
         "identity_image": "https://example.com/face.png", "style": "photo"}
        """,
        """
        {"prompt": "a red fox in fresh snow", "num_images": 1, "seed": 9,
         "identity_image": "https://example.com/face.png", "style": "photo"}
        """);
  }

  @Test
  void anExtensionOverridesARequiredDefault() {
    Translation t =
        translate(
            spec("identity-keeper"),
            request()
                .seed(7L)
                .extension("test", "identity_image", "https://example.com/face.png")
                .extension("test", "style", "art"));

    assertEquals("art", t.bodies().get(0).get("style").asText());
  }

  @Test
  void aRequiredParameterCarryingACanonicalFieldNamesThatField() {
    InvalidRequestException negative =
        assertThrows(
            InvalidRequestException.class,
            () -> translate(spec("strict-vendor"), request().size(Size.aspect(16, 9))));
    InvalidRequestException size =
        assertThrows(
            InvalidRequestException.class,
            () -> translate(spec("strict-vendor"), request().negativePrompt("people")));

    assertEquals("negative_prompt", negative.field());
    assertTrue(negative.getMessage().contains("requires 'negative_prompt'"), negative.getMessage());
    assertTrue(negative.getMessage().contains("negativePrompt"), negative.getMessage());
    assertEquals("aspect_ratio", size.field());
    assertTrue(size.getMessage().contains("requires 'aspect_ratio'"), size.getMessage());
    assertTrue(size.getMessage().contains("size"), size.getMessage());
  }

  @Test
  void aRequiredParameterCarryingACanonicalFieldIsSentWhenTheRequestHasIt() {
    Translation t =
        translate(
            spec("strict-vendor"), request().negativePrompt("people").size(Size.aspect(16, 9)));

    assertBodies(
        t,
        """
        {"prompt": "a red fox in fresh snow", "negative_prompt": "people",
         "aspect_ratio": "16:9"}
        """);
  }

  @Test
  void aQualityOutsideTheMappedRangeIsClampedAndReported() {
    ModelSpec spec =
        ModelCatalog.parse(
                """
                {"models": [{"id": "narrow-quality",
                  "params": [{"name": "prompt", "type": "string"},
                             {"name": "format", "type": "string", "enum": ["jpg"]},
                             {"name": "q", "type": "integer"}],
                  "prompt": "prompt",
                  "format": {"param": "format", "values": {"JPEG": "jpg"}},
                  "quality": {"param": "q", "min": 50, "max": 95}}]}
                """,
                "narrow.json")
            .require("narrow-quality");

    Translation high = translate(spec, request().format(ImageFormat.JPEG, 100));
    Translation low = translate(spec, request().format(ImageFormat.JPEG, 10));
    Translation within = translate(spec, request().format(ImageFormat.JPEG, 80));

    assertBodies(high, "{\"prompt\": \"a red fox in fresh snow\", \"format\": \"jpg\", \"q\": 95}");
    Translations.assertAdaptations(high, "quality 100 -> 95: the model accepts quality 50..95");
    assertEquals(95, high.negotiated().quality());
    assertEquals(50, low.bodies().get(0).get("q").asInt());
    Translations.assertAdaptations(low, "quality 10 -> 50: the model accepts quality 50..95");
    assertEquals(80, within.bodies().get(0).get("q").asInt());
    Translations.assertAdaptations(within);
    UnsupportedCapabilityException e =
        assertThrows(
            UnsupportedCapabilityException.class,
            () ->
                translate(
                    spec, request().format(ImageFormat.JPEG, 100).require(RequestField.QUALITY)));
    assertEquals(RequestField.QUALITY, e.field());
  }

  @Test
  void guidanceOutsideAWholeNumberRangeIsFittedOnceAndSaysBothReasons() {
    // An integer-typed guidance whose range has fractional bounds: 10 is clamped to 7.5 and then
    // rounded into the range. The negotiator does both, so neither reason is lost.
    ModelSpec spec =
        ModelCatalog.parse(
                """
                {"models": [{"id": "whole-guidance",
                  "params": [{"name": "prompt", "type": "string"},
                             {"name": "cfg", "type": "integer"}],
                  "prompt": "prompt",
                  "guidance": {"param": "cfg", "min": 1.5, "max": 7.5}}]}
                """,
                "whole.json")
            .require("whole-guidance");

    Translation t = translate(spec, request().guidance(10.0));

    assertBodies(t, "{\"prompt\": \"a red fox in fresh snow\", \"cfg\": 7}");
    Translations.assertAdaptations(
        t, "guidance 10 -> 7: the model accepts 1.5..7.5; the model takes whole-number guidance");
    assertTrue(spec.capabilities().guidance().wholeNumbers());
  }

  @Test
  void theAccelerationExtensionIsAcceptedAndSent() {
    Translation t =
        translate("flux-2", request().seed(1L).extension("test", "acceleration", "high"));

    assertBodies(
        t,
        """
        {"sync_mode": false, "prompt": "a red fox in fresh snow", "num_images": 1, "seed": 1,
         "enable_safety_checker": true, "acceleration": "high"}
        """);
  }

  @Test
  void anUnknownExtensionIsRejectedListingTheModelsParameters() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> translate("flux-2", request().extension("test", "accel", "high")));

    assertEquals("accel", e.field());
    assertEquals(
        "accel: model 'flux-2' has no parameter 'accel'; its parameters are prompt,"
            + " guidance_scale, seed, num_inference_steps, image_size, num_images, acceleration,"
            + " enable_prompt_expansion, sync_mode, enable_safety_checker, output_format",
        e.getMessage());
  }

  @Test
  void anEnumExtensionOutsideTheEnumIsRejected() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> translate("flux-2", request().extension("test", "acceleration", "turbo")));

    assertEquals("acceleration", e.field());
    assertEquals(
        "acceleration: 'turbo' is not allowed for model 'flux-2'; allowed: none, regular, high",
        e.getMessage());
  }

  @Test
  void extensionValuesAreConvertedToTheDeclaredType() {
    Translation t =
        translate(
            "flux-2",
            request()
                .seed(1L)
                .extension("test", "num_inference_steps", "40")
                .extension("test", "enable_prompt_expansion", "true")
                .extension("test", "guidance_scale", 4));

    assertTrue(t.bodies().get(0).get("num_inference_steps").isIntegralNumber());
    assertEquals(40, t.bodies().get(0).get("num_inference_steps").asInt());
    assertTrue(t.bodies().get(0).get("enable_prompt_expansion").asBoolean());
    assertEquals(4, t.bodies().get(0).get("guidance_scale").asInt());
  }

  @Test
  void extensionValuesOfTheWrongTypeAreRejected() {
    InvalidRequestException number =
        assertThrows(
            InvalidRequestException.class,
            () -> translate("flux-2", request().extension("test", "num_inference_steps", "many")));
    InvalidRequestException bool =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate("flux-2", request().extension("test", "enable_prompt_expansion", "yes")));

    assertEquals("num_inference_steps", number.field());
    assertTrue(number.getMessage().contains("'many' is not a number"), number.getMessage());
    assertEquals("enable_prompt_expansion", bool.field());
    assertTrue(bool.getMessage().contains("'yes' is not a valid boolean"), bool.getMessage());
  }

  @Test
  void extensionsWinOverFixedParameters() {
    Translation t = translate("flux-2", request().seed(1L).extension("test", "sync_mode", true));

    assertTrue(t.bodies().get(0).get("sync_mode").asBoolean());
  }

  @Test
  void extensionsForOtherProvidersAreIgnored() {
    Translation t =
        translate(
            "flux-2",
            request()
                .seed(1L)
                .extension("fal", "accel", "high")
                .extension("replicate", "acceleration", "turbo"));

    assertFalse(t.bodies().get(0).has("accel"));
    assertFalse(t.bodies().get(0).has("acceleration"));
  }

  @Test
  void eachBodyIsAPrivateCopy() {
    Translation t = translate("flux-2", request().count(6).seed(1L));

    t.bodies().get(0).put("prompt", "changed");

    assertEquals("a red fox in fresh snow", t.bodies().get(1).get("prompt").asText());
    assertEquals(
        "a red fox in fresh snow",
        translate("flux-2", request().seed(1L)).bodies().get(0).get("prompt").asText());
  }
}
