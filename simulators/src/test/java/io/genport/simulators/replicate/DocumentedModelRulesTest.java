package io.genport.simulators.replicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-model rules table, read as the models' parameter tables document them. */
class DocumentedModelRulesTest {
  private static final Map<String, ModelRules> TABLE = DocumentedModelRules.table();

  private static PredictionInput parse(String model, String input) throws Exception {
    JsonNode node = Json.mapper().readTree(input);
    return PredictionInput.parse(model, node, TABLE.get(model), () -> 5L);
  }

  @Test
  void recraftRendersTheSizeItsLabelNamesAndRefusesOthers() throws Exception {
    PredictionInput in =
        parse("recraft-ai/recraft-v3", "{\"prompt\":\"x\",\"size\":\"1365x1024\"}");
    assertTrue(in.valid(), in.problems.toString());
    assertEquals(1365, in.generation.width());
    assertEquals(1024, in.generation.height());

    PredictionInput dflt = parse("recraft-ai/recraft-v3", "{\"prompt\":\"x\"}");
    assertEquals(1024, dflt.generation.width(), "the documented default 1024x1024");

    PredictionInput bad =
        parse("recraft-ai/recraft-v3", "{\"prompt\":\"x\",\"size\":\"1000x700\"}");
    assertFalse(bad.valid());
    assertEquals("input.size", bad.problems.get(0).field());
  }

  @Test
  void fooocusReadsWidthStarHeightLabels() throws Exception {
    PredictionInput in =
        parse(
            "konieshadow/fooocus-api",
            "{\"prompt\":\"x\",\"aspect_ratios_selection\":\"1536*640\"}");
    assertTrue(in.valid(), in.problems.toString());
    assertEquals(1536, in.generation.width());
    assertEquals(640, in.generation.height());
    PredictionInput dflt = parse("konieshadow/fooocus-api", "{\"prompt\":\"x\"}");
    assertEquals(1152, dflt.generation.width(), "the documented default 1152*896");
    assertEquals(896, dflt.generation.height());
  }

  @Test
  void sanaAndKandinskyTakeWidthAndHeight() throws Exception {
    PredictionInput sana = parse("nvidia/sana", "{\"prompt\":\"x\",\"width\":992,\"height\":704}");
    assertEquals(992, sana.generation.width());
    assertEquals(704, sana.generation.height());
    PredictionInput kandinsky = parse("ai-forever/kandinsky-2.2", "{\"prompt\":\"x\"}");
    assertEquals(512, kandinsky.generation.width(), "the documented default 512x512");
  }

  @Test
  void ideogramTakesItsOwnRatiosWithoutCustom() throws Exception {
    ModelRules ideogram = TABLE.get("ideogram-ai/ideogram-v3-turbo");
    assertTrue(ideogram.aspectRatios().contains("3:1"));
    assertFalse(ideogram.aspectRatios().contains("21:9"));
    assertFalse(ideogram.customSize());
    assertEquals("1:1", ideogram.defaultAspectRatio());
    assertFalse(
        parse("ideogram-ai/ideogram-v3-turbo", "{\"prompt\":\"x\",\"aspect_ratio\":\"21:9\"}")
            .valid());
  }

  @Test
  void jpgFirstModelsDefaultToJpg() {
    for (String m :
        new String[] {
          "google/imagen-4-fast",
          "black-forest-labs/flux-1.1-pro",
          "black-forest-labs/flux-1.1-pro-ultra"
        }) {
      assertEquals("jpg", TABLE.get(m).defaultFormat(), m);
    }
  }
}
