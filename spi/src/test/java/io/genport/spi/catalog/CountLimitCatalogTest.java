package io.genport.spi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.Size;
import io.genport.core.domain.negotiation.CountLimit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code count.limits} in a catalog: loaded, validated, and splitting the translated bodies. */
class CountLimitCatalogTest {

  private static String catalog(String count) {
    return """
        {"provider": "p",
         "models": [{
           "id": "m",
           "params": [
             {"name": "prompt", "type": "string", "required": true},
             {"name": "width", "type": "integer"},
             {"name": "height", "type": "integer"},
             {"name": "num_images", "type": "integer", "min": 1, "max": 8},
             {"name": "seed", "type": "integer"}
           ],
           "prompt": "prompt",
           "size": {"kind": "dimensions", "width": "width", "height": "height",
                    "min": 32, "max": 1536, "multiple": 8, "default": "1024x768"},
           "count": %s,
           "seed": {"param": "seed"}
         }]}
        """
        .formatted(count);
  }

  private static ModelSpec load(String count) {
    return ModelCatalog.parse(catalog(count), "test").require("m");
  }

  private static final String LEONARDO =
      "{\"param\": \"num_images\", \"max\": 8, \"limits\": [{\"aboveSide\": 768, \"max\": 4}]}";

  @Test
  void limitsLoadIntoTheMappingAndTheCapabilities() {
    ModelSpec m = load(LEONARDO);

    assertEquals(List.of(CountLimit.aboveSide(768, 4)), m.count().limits());
    assertEquals(8, m.capabilities().maxImagesPerCall());
    assertEquals(List.of(CountLimit.aboveSide(768, 4)), m.capabilities().countLimits());
    assertEquals(4, m.capabilities().maxImagesPerCall(new PixelSize(1024, 1024)));
    assertEquals(8, m.capabilities().maxImagesPerCall(new PixelSize(768, 768)));
  }

  @Test
  void aPixelLimitLoadsToo() {
    ModelSpec m =
        load(
            "{\"param\": \"num_images\", \"max\": 8,"
                + " \"limits\": [{\"abovePixels\": 589824, \"max\": 2}]}");
    assertEquals(List.of(CountLimit.abovePixels(589_824, 2)), m.count().limits());
  }

  @Test
  void aCountWithoutLimitsHasNone() {
    ModelSpec m = load("{\"param\": \"num_images\", \"max\": 8}");
    assertEquals(List.of(), m.count().limits());
    assertEquals(8, m.capabilities().maxImagesPerCall(new PixelSize(1536, 1536)));
  }

  @Test
  void translationSplitsBodiesByTheLimitAtThePlannedSize() {
    ModelSpec m = load(LEONARDO);
    Translation big =
        NativeTranslator.translate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(1024, 1024))
                .count(8)
                .seed(10L)
                .build(),
            m,
            "p",
            new Random(1));
    assertEquals(2, big.bodies().size());
    for (ObjectNode b : big.bodies()) {
      assertEquals(4, b.get("num_images").intValue());
      assertEquals(1024, b.get("width").intValue());
    }
    assertEquals(10, big.bodies().get(0).get("seed").longValue());
    assertEquals(14, big.bodies().get(1).get("seed").longValue());

    Translation small =
        NativeTranslator.translate(
            GenerationRequest.builder("a castle")
                .size(Size.exact(512, 512))
                .count(8)
                .seed(10L)
                .build(),
            m,
            "p",
            new Random(1));
    assertEquals(1, small.bodies().size());
    assertEquals(8, small.bodies().get(0).get("num_images").intValue());
  }

  @Test
  void malformedLimitsAreNamed() {
    assertProblem(
        "{\"param\": \"num_images\", \"max\": 8, \"limits\": []}", "count.limits", "non-empty");
    assertProblem(
        "{\"param\": \"num_images\", \"max\": 8, \"limits\": [{\"aboveSide\": 768, \"max\": 8}]}",
        "count.limits[0].max",
        "below count.max 8");
    assertProblem(
        "{\"param\": \"num_images\", \"max\": 8, \"limits\": [{\"max\": 4}]}",
        "count.limits[0]",
        "exactly one of aboveSide and abovePixels");
    assertProblem(
        "{\"param\": \"num_images\", \"max\": 8,"
            + " \"limits\": [{\"aboveSide\": 768, \"abovePixels\": 10, \"max\": 4}]}",
        "count.limits[0]",
        "exactly one of aboveSide and abovePixels");
    assertProblem(
        "{\"param\": \"num_images\", \"max\": 8,"
            + " \"limits\": [{\"aboveSide\": 768, \"max\": 4, \"below\": 1}]}",
        "count.limits[0].below",
        "unknown key");
    assertProblem(
        "{\"param\": \"num_images\", \"max\": 8, \"limits\": [{\"abovePixels\": 0, \"max\": 4}]}",
        "count.limits[0].abovePixels",
        "positive");
  }

  private static void assertProblem(String count, String field, String fragment) {
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> load(count), count);
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
