package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the derived tables of seeds 001 to 004 hold. Seeds 003 (Amazon Nova Canvas) and 004
 * (Leonardo.ai) have no provider yet; these checks pin the tables the coming providers will be
 * built from.
 */
class DerivedSeedTablesTest {
  static SeedModel only(SeedModelTables t) {
    assertEquals(1, t.size());
    return t.models().values().iterator().next();
  }

  @Test
  void seed001IsTheFluxLoraSchemaWithItsRanges() {
    SeedModelTables t = SeedTables.seed001();
    SeedModel m = t.require("flux-lora-finetune");
    assertEquals(
        List.of(
            "prompt",
            "aspect_ratio",
            "width",
            "height",
            "num_outputs",
            "lora_scale",
            "num_inference_steps",
            "model",
            "guidance_scale",
            "seed",
            "output_format",
            "output_quality",
            "disable_safety_checker"),
        m.paramNames());
    assertTrue(m.param("prompt").required());
    assertEquals(1, m.params().stream().filter(SeedParam::required).count(), "only prompt");
    assertEquals("custom", m.param("aspect_ratio").options().get(11));
    for (String side : List.of("width", "height")) {
      assertEquals(256.0, m.param(side).min(), side);
      assertEquals(1440.0, m.param(side).max(), side);
      assertEquals(16, m.param(side).multipleOf(), side);
    }
    assertEquals(4.0, m.param("num_outputs").max());
    assertEquals(-1.0, m.param("lora_scale").min());
    assertNull(m.param("guidance_scale").min(), "the page states only a maximum");
    assertEquals(10.0, m.param("guidance_scale").max());
    assertEquals("False", m.param("disable_safety_checker").defaultValue());
    assertEquals(2, t.notes().size(), "the given slug and the required flag are noted");
  }

  @Test
  void seed002IsOxensFlux2ProPageWithItsEndpoints() {
    SeedModelTables t = SeedTables.seed002();
    SeedModel m = t.require("flux-2-pro");
    assertEquals("FLUX.2 [pro]", m.title());
    assertEquals(List.of("0.5 MP", "1 MP", "2 MP").size(), m.param("resolution").options().size());
    assertEquals("match_input_image", m.param("aspect_ratio").options().get(7));
    assertTrue(t.endpoints().contains("https://hub.oxen.ai/api/ai/images/edit"));
    assertTrue(t.endpoints().contains("https://hub.oxen.ai/api/ai/queue/{generation_id}"));
    assertFalse(
        t.endpoints().stream().anyMatch(u -> u.contains("/repos/")),
        "an example input image is not an endpoint");
    assertTrue(t.requestFields().contains("model"));
  }

  @Test
  void seed003IsNovaCanvasWithItsTaskTypesAndRanges() {
    SeedModel m = only(SeedTables.seed003());
    assertEquals("nova-canvas", m.slug());
    assertEquals("Amazon Nova Canvas", m.title());
    SeedParam task = m.param("task_type");
    assertEquals("string", task.type(), "an enum is a string with options");
    assertEquals(
        List.of(
            "TEXT_IMAGE",
            "IMAGE_VARIATION",
            "INPAINTING",
            "OUTPAINTING",
            "BACKGROUND_REMOVAL",
            "COLOR_GUIDED_GENERATION",
            "VIRTUAL_TRY_ON"),
        task.options());
    assertEquals("TEXT_IMAGE", task.defaultValue());
    assertEquals(List.of("standard", "premium"), m.param("quality").options());
    SeedParam cfg = m.param("cfg_scale");
    assertEquals(1.0, cfg.min(), "the gateway's range, wider than the model's native 1.1..10");
    assertEquals(20.0, cfg.max());
    assertEquals("7.5", cfg.defaultValue());
    SeedParam images = m.param("number_of_images");
    assertEquals("number", images.type());
    assertEquals(1.0, images.min());
    assertEquals(5.0, images.max());
    assertEquals(0.2, m.param("similarity_strength").min());
    assertEquals("", m.param("negative_prompt").defaultValue(), "an empty-string default");
    assertEquals(List.of("small", "large"), m.param("size_scale").options());
    assertEquals(
        List.of("GARMENT", "PROMPT"), m.param("mask_type").options(), "the Allowed list wins");
    assertEquals(13, m.param("aspect_ratio").options().size());
    assertEquals(
        List.of("prompt"),
        m.params().stream().filter(SeedParam::required).map(SeedParam::name).toList());
  }

  @Test
  void seed004IsLeonardosCreateGenerationBody() {
    SeedModelTables t = SeedTables.seed004();
    SeedModel m = only(t);
    assertEquals("create-generation", m.slug());
    assertEquals("Create a Generation of Images", m.title());
    assertEquals(BodyParamsReader.NAMES.get(m.title()), m.paramNames());
    for (String side : List.of("width", "height")) {
      SeedParam p = m.param(side);
      assertEquals("integer", p.type(), side);
      assertEquals(32.0, p.min(), side);
      assertEquals(1536.0, p.max(), side);
      assertEquals(8, p.multipleOf(), side);
    }
    assertEquals("1024", m.param("width").defaultValue());
    assertEquals("768", m.param("height").defaultValue());
    SeedParam count = m.param("num_images");
    assertEquals("4", count.defaultValue());
    assertEquals(1.0, count.min());
    assertEquals(8.0, count.max(), "the general limit; 1..4 above 768 px is in the prose");
    assertEquals(20.0, m.param("guidance_scale").max());
    assertEquals(10.0, m.param("num_inference_steps").min());
    assertEquals(60.0, m.param("num_inference_steps").max());
    assertEquals(4.5, m.param("contrast").max(), "from the page's range line");
    assertTrue(m.param("prompt").required());
    assertEquals(
        List.of("prompt"),
        m.params().stream().filter(SeedParam::required).map(SeedParam::name).toList());
    SeedParam style = m.param("presetStyle");
    assertEquals("DYNAMIC", style.defaultValue());
    assertTrue(style.isEnum() && style.optionsTruncated() && style.options().isEmpty());
    assertEquals("true", m.param("alchemy").defaultValue());
    assertTrue(m.param("controlNet").notes().contains("deprecated"));
    assertEquals("array", m.param("controlnets").type());
    assertFalse(t.notes().isEmpty(), "assigned names are noted");
  }
}
