package io.genport.spi.catalog.translate;

import static io.genport.spi.catalog.translate.Translations.assertBodies;
import static io.genport.spi.catalog.translate.Translations.request;
import static io.genport.spi.catalog.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.spi.catalog.CatalogFormatException;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.Translation;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The catalog features for vendors whose bodies nest (Amazon Bedrock): parameter names that are
 * paths into nested objects, variants selected by a native parameter, a model without a prompt,
 * length limits, explicit sizes sent as width and height, inline base64 images, and JSON text for
 * array parameters.
 */
class NestedAndVariantTranslationTest {

  /** A two-task model in the shape of Nova Canvas, trimmed to what the features need. */
  private static final ModelCatalog NESTED =
      ModelCatalog.parse(
          """
          {"provider": "test", "models": [
            {"id": "canvas", "nestedParams": true,
             "params": [
               {"name": "taskType", "type": "string", "default": "TEXT_IMAGE",
                "enum": ["TEXT_IMAGE", "VARIATION", "REMOVAL"]},
               {"name": "textToImageParams.text", "type": "string", "required": true,
                "maxLength": 12},
               {"name": "textToImageParams.negativeText", "type": "string", "maxLength": 5},
               {"name": "textToImageParams.conditionImage", "type": "string"},
               {"name": "imageGenerationConfig.width", "type": "integer"},
               {"name": "imageGenerationConfig.height", "type": "integer"},
               {"name": "imageGenerationConfig.numberOfImages", "type": "integer"},
               {"name": "imageGenerationConfig.seed", "type": "integer"}
             ],
             "prompt": "textToImageParams.text",
             "negativePrompt": "textToImageParams.negativeText",
             "size": {"kind": "dimensions", "width": "imageGenerationConfig.width",
                      "height": "imageGenerationConfig.height", "min": 320, "max": 4096,
                      "multiple": 16, "default": "1024x1024"},
             "count": {"param": "imageGenerationConfig.numberOfImages", "max": 5},
             "seed": {"param": "imageGenerationConfig.seed", "max": 858993459},
             "referenceImages": {"param": "textToImageParams.conditionImage", "max": 1,
                                 "encoding": "base64"},
             "fixed": {"taskType": "TEXT_IMAGE"},
             "variants": {"param": "taskType", "cases": {
               "VARIATION": {
                 "params": [
                   {"name": "taskType", "type": "string", "enum": ["VARIATION"]},
                   {"name": "variationParams.text", "type": "string", "required": true},
                   {"name": "variationParams.images", "type": "array", "required": true},
                   {"name": "variationParams.colors", "type": "array"},
                   {"name": "imageGenerationConfig.seed", "type": "integer"}
                 ],
                 "prompt": "variationParams.text",
                 "seed": {"param": "imageGenerationConfig.seed", "max": 858993459},
                 "referenceImages": {"param": "variationParams.images", "max": 5,
                                     "encoding": "base64"},
                 "fixed": {"taskType": "VARIATION"}},
               "REMOVAL": {
                 "params": [
                   {"name": "taskType", "type": "string", "enum": ["REMOVAL"]},
                   {"name": "removalParams.image", "type": "string", "required": true}
                 ],
                 "prompt": null,
                 "referenceImages": {"param": "removalParams.image", "max": 1,
                                     "encoding": "base64"},
                 "fixed": {"taskType": "REMOVAL"}}
             }}},
            {"id": "pairs",
             "params": [
               {"name": "prompt", "type": "string", "required": true},
               {"name": "w", "type": "integer"},
               {"name": "h", "type": "integer"}
             ],
             "prompt": "prompt",
             "size": {"kind": "sizes", "width": "w", "height": "h",
                      "sizes": ["1024x1024", "1152x768", "768x1152"], "default": "1024x1024"}}
          ]}
          """,
          "nested.json");

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

  private static ModelSpec canvas() {
    return NESTED.require("canvas");
  }

  @Test
  void dottedNamesAreWrittenIntoNestedObjects() {
    Translation t =
        translate(
            canvas(),
            request().prompt("a fox").negativePrompt("fog").size(Size.exact(1280, 720)).seed(7L));

    assertBodies(
        t,
        """
        {"taskType": "TEXT_IMAGE",
         "textToImageParams": {"text": "a fox", "negativeText": "fog"},
         "imageGenerationConfig": {"width": 1280, "height": 720, "numberOfImages": 1, "seed": 7}}
        """);
    assertEquals(List.of(), t.adaptations());
  }

  @Test
  void aPromptOverItsLimitIsRefusedNamingTheLimit() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> translate(canvas(), request().prompt("thirteen char")));

    assertEquals(RequestField.PROMPT.wireName(), e.field());
    assertTrue(e.getMessage().contains("13 characters"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 12"), e.getMessage());
    assertTrue(e.getMessage().contains("textToImageParams.text"), e.getMessage());

    InvalidRequestException negative =
        assertThrows(
            InvalidRequestException.class,
            () -> translate(canvas(), request().prompt("a fox").negativePrompt("blurry")));
    assertEquals(RequestField.NEGATIVE_PROMPT.wireName(), negative.field());
    assertTrue(negative.getMessage().contains("at most 5"), negative.getMessage());

    // Exactly at the limit (counted in code points, so an emoji is one character) is fine.
    translate(canvas(), request().prompt("\uD83E\uDD8A fox in fog"));
  }

  @Test
  void aNativeStringOverItsLimitIsRefusedToo() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    canvas(),
                    request()
                        .prompt("a fox")
                        .extension("test", "textToImageParams.negativeText", "too long")));
    assertEquals("textToImageParams.negativeText", e.field());
    assertTrue(e.getMessage().contains("at most 5"), e.getMessage());
  }

  @Test
  void theSelectorPicksTheVariantThatDescribesTheCall() {
    ModelSpec base = canvas();
    assertEquals("taskType", base.variantParam());
    assertEquals(List.of("VARIATION", "REMOVAL"), List.copyOf(base.variants().keySet()));
    assertSame(base, base.variantFor(Map.of()));
    assertSame(base, base.variantFor(Map.of("taskType", "TEXT_IMAGE")));
    ModelSpec variation = base.variantFor(Map.of("taskType", "VARIATION"));
    assertEquals("canvas (taskType VARIATION)", variation.id());
    assertTrue(variation.nestedParams(), "inherited from the entry");

    Translation t =
        translate(
            base,
            request()
                .prompt("a fox")
                .seed(3L)
                .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                .extension("test", "taskType", "VARIATION")
                .extension("test", "variationParams.colors", "[\"#FF0000\", \"#00FF00\"]"));

    String b64 = Base64.getEncoder().encodeToString(PNG);
    assertBodies(
        t,
        """
        {"taskType": "VARIATION",
         "variationParams": {"text": "a fox", "images": ["%s", "%s"],
                             "colors": ["#FF0000", "#00FF00"]},
         "imageGenerationConfig": {"seed": 3}}
        """
            .formatted(b64, b64));
  }

  @Test
  void aVariantWithoutAPromptDoesNotSendItAndSaysSo() {
    Translation t =
        translate(
            canvas(),
            request()
                .prompt("remove the background")
                .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                .extension("test", "taskType", "REMOVAL"));

    assertBodies(
        t,
        """
        {"taskType": "REMOVAL", "removalParams": {"image": "%s"}}
        """
            .formatted(Base64.getEncoder().encodeToString(PNG)));
    assertEquals(1, t.adaptations().size());
    assertEquals(RequestField.PROMPT, t.adaptations().get(0).field());
    assertEquals("not sent", t.adaptations().get(0).applied());
    assertTrue(t.adaptations().get(0).reason().contains("takes no text prompt"));

    assertThrows(
        UnsupportedCapabilityException.class,
        () ->
            translate(
                canvas(),
                request()
                    .prompt("remove the background")
                    .require(RequestField.PROMPT)
                    .referenceImage(new ReferenceImage(null, PNG, "image/png", null))
                    .extension("test", "taskType", "REMOVAL")));
  }

  @Test
  void aBase64OnlyModelRefusesAnImageByUrl() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    canvas(),
                    request()
                        .prompt("a fox")
                        .referenceImage(
                            ReferenceImage.of(URI.create("https://example.com/fox.png")))));
    assertEquals(RequestField.REFERENCE_IMAGES.wireName(), e.field());
    assertTrue(e.getMessage().contains("inline as base64"), e.getMessage());
  }

  @Test
  void aMalformedJsonArrayIsRefusedNamingTheParameter() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                translate(
                    canvas(),
                    request()
                        .prompt("a fox")
                        .extension("test", "taskType", "VARIATION")
                        .extension("test", "variationParams.colors", "[\"#FF0000\"")));
    assertEquals("variationParams.colors", e.field());
  }

  @Test
  void explicitSizesCanBeSentAsWidthAndHeight() {
    Translation t = translate(NESTED.require("pairs"), request().size(Size.exact(1280, 800)));

    assertBodies(
        t,
        """
        {"prompt": "a red fox in fresh snow", "w": 1152, "h": 768}
        """);
    assertEquals(RequestField.SIZE, t.adaptations().get(0).field());
    assertEquals(
        "1024x1024",
        String.valueOf(NESTED.require("pairs").capabilities().size().defaultSize()),
        "the size rule's default");
  }

  @Test
  void aVariantMustCoverEveryValueOfItsSelector() {
    String json =
        """
        {"models": [{"id": "m",
          "params": [{"name": "prompt", "type": "string"},
                     {"name": "mode", "type": "string", "default": "a", "enum": ["a", "b", "c"]}],
          "prompt": "prompt",
          "variants": {"param": "mode", "cases": {
            "b": {"params": [{"name": "prompt", "type": "string"},
                             {"name": "mode", "type": "string"}], "prompt": "prompt"}}}}]}
        """;
    CatalogFormatException e =
        assertThrows(CatalogFormatException.class, () -> ModelCatalog.parse(json, "x.json"));
    assertTrue(e.getMessage().contains("has no case for 'mode' c"), e.getMessage());

    String defaultAsCase = json.replace("\"b\": {", "\"a\": {").replace("\"c\"]", "\"b\"]");
    CatalogFormatException d =
        assertThrows(
            CatalogFormatException.class, () -> ModelCatalog.parse(defaultAsCase, "x.json"));
    assertTrue(d.getMessage().contains("the entry itself describes"), d.getMessage());
  }

  @Test
  void maxLengthIsOnlyForStrings() {
    CatalogFormatException e =
        assertThrows(
            CatalogFormatException.class,
            () ->
                ModelCatalog.parse(
                    """
                    {"models": [{"id": "m", "prompt": "prompt",
                      "params": [{"name": "prompt", "type": "string"},
                                 {"name": "n", "type": "integer", "maxLength": 3}]}]}
                    """,
                    "x.json"));
    assertTrue(e.getMessage().contains("only for string"), e.getMessage());
  }

  @Test
  void aModelWithoutNestingKeepsDotsInNames() {
    ModelCatalog flat =
        ModelCatalog.parse(
            """
            {"models": [{"id": "m", "prompt": "prompt",
              "params": [{"name": "prompt", "type": "string"},
                         {"name": "a.b", "type": "integer"}]}]}
            """,
            "x.json");
    Translation t = translate(flat.require("m"), request().extension("test", "a.b", 2));
    assertBodies(t, "{\"prompt\": \"a red fox in fresh snow\", \"a.b\": 2}");
    assertFalse(flat.require("m").nestedParams());
    assertNull(flat.require("m").variantParam());
  }
}
