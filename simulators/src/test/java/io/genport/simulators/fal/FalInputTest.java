package io.genport.simulators.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.simulators.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How fal's (pydantic-validated) input is read: integer fields, and endpoints' own size labels. */
class FalInputTest {

  private static FalInput parse(String json, Map<String, int[]> labels) {
    FalInput.Defaults d = new FalInput.Defaults();
    d.width = 1024;
    d.height = 768;
    d.format = ImageFormat.JPEG;
    d.maxImages = 4;
    d.maxPixels = 4096L * 4096L;
    d.sizeLabels = labels;
    return FalInput.parse("fal-ai/test", json.getBytes(StandardCharsets.UTF_8), d, () -> 99L);
  }

  @Test
  void aSeedOfDigitsInAStringIsTheIntegerAsPydanticsLaxModeParsesIt() {
    FalInput in = parse("{\"prompt\":\"x\",\"seed\":\"7\"}", null);
    assertNull(in.error);
    assertEquals(7L, in.generation.seed());
  }

  @Test
  void aSeedThatIsNotANumberIsRefusedAsPydanticRefusesIt() {
    FalInput in = parse("{\"prompt\":\"x\",\"seed\":\"seven\"}", null);
    assertNull(in.generation);
    assertNotNull(in.error);
    String body = new String(in.error.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains("unable to parse string as an integer"), body);
    assertTrue(body.contains("int_parsing"), body);
  }

  @Test
  void anAspectRatioWithoutImageSizeIsRenderedInItsOrientationAtAboutOneMegapixel() {
    FalInput tall = parse("{\"prompt\":\"x\",\"aspect_ratio\":\"9:16\"}", null);
    assertNull(tall.error);
    assertEquals(768, tall.generation.width());
    assertEquals(1360, tall.generation.height());
    FalInput square = parse("{\"prompt\":\"x\",\"aspect_ratio\":\"1:1\"}", null);
    assertEquals(1024, square.generation.width());
    assertEquals(1024, square.generation.height());
    FalInput none = parse("{\"prompt\":\"x\"}", null);
    assertEquals(1024, none.generation.width(), "the endpoint's default size");
    assertEquals(768, none.generation.height());
  }

  @Test
  void anEndpointWithItsOwnSizeLabelsRendersTheLabelAndRefusesFalsPresets() {
    Map<String, int[]> labels = new LinkedHashMap<>();
    labels.put("1024x1024", new int[] {1024, 1024});
    labels.put("1536x1024", new int[] {1536, 1024});
    FalInput ok = parse("{\"prompt\":\"x\",\"image_size\":\"1536x1024\"}", labels);
    assertNull(ok.error);
    assertEquals(1536, ok.generation.width());
    assertEquals(1024, ok.generation.height());

    FalInput preset = parse("{\"prompt\":\"x\",\"image_size\":\"square_hd\"}", labels);
    assertNull(preset.generation);
    String body = new String(preset.error.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains("'1024x1024' or '1536x1024'"), body);
  }
}
