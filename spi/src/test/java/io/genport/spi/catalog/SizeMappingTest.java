package io.genport.spi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.core.domain.negotiation.SizeChoice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeMappingTest {
  private static final List<AspectRatio> RATIOS = List.of(new AspectRatio(1, 1));

  private static SizeCapability.AspectRatios ratios(DimensionRule custom, Map<String, Double> mp) {
    return new SizeCapability.AspectRatios(RATIOS, custom, mp, 1.0, 16, null);
  }

  @Test
  void anAspectRatioMappingHasParametersForEveryOptionItsCapabilityOffers() {
    SizeMapping.CustomSize custom = new SizeMapping.CustomSize("custom", "width", "height");
    DimensionRule rule = DimensionRule.of(256, 1440, 32);

    assertThrows(
        IllegalArgumentException.class,
        () -> new SizeMapping.AspectRatios("aspect_ratio", null, null, ratios(rule, Map.of())),
        "a custom rule without width and height parameters");
    assertThrows(
        IllegalArgumentException.class,
        () -> new SizeMapping.AspectRatios("aspect_ratio", custom, null, ratios(null, Map.of())),
        "custom parameters without a custom rule");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SizeMapping.AspectRatios(
                "aspect_ratio", null, null, ratios(null, Map.of("1", 1.0))),
        "scales without a megapixels parameter");
    assertEquals(
        List.of("aspect_ratio", "width", "height", "megapixels"),
        new SizeMapping.AspectRatios(
                "aspect_ratio", custom, "megapixels", ratios(rule, Map.of("1", 1.0)))
            .params());
  }

  @Test
  void aMappingRefusesAChoiceItsKindNeverOffersInsteadOfWritingNothing() {
    SizeMapping presetsOnly =
        new SizeMapping.Presets(
            "image_size",
            new SizeCapability.Presets(Map.of("square", new PixelSize(512, 512)), null, null));
    SizeMapping none = new SizeMapping.None(new SizeCapability.NoSize(null));
    ModelSpec spec =
        ModelSpec.builder("m")
            .params(
                List.of(
                    new ParamSpec(
                        "prompt", ParamSpec.Type.STRING, true, null, List.of(), null, null, null),
                    new ParamSpec(
                        "image_size",
                        ParamSpec.Type.STRING,
                        false,
                        null,
                        List.of(),
                        null,
                        null,
                        null)))
            .promptParam("prompt")
            .size(presetsOnly)
            .build();
    NativeBody body = new NativeBody(spec);
    SizeChoice ratio = new SizeChoice.Ratio(new AspectRatio(1, 1), null, new PixelSize(1024, 1024));
    SizeChoice custom = new SizeChoice.Custom(new PixelSize(640, 640));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> presetsOnly.render(ratio, body));
    assertTrue(
        e.getMessage().contains("'presets' size mapping cannot carry Ratio"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> presetsOnly.render(custom, body),
        "a custom size where the model has no custom rule");
    assertThrows(IllegalArgumentException.class, () -> none.render(custom, body));

    presetsOnly.render(new SizeChoice.ModelDefault(null), body);
    none.render(new SizeChoice.ModelDefault(null), body);
    assertEquals(0, body.json().size(), "the model default writes nothing");
    presetsOnly.render(new SizeChoice.Preset("square", new PixelSize(512, 512)), body);
    assertEquals("square", body.json().get("image_size").asText());
  }
}
