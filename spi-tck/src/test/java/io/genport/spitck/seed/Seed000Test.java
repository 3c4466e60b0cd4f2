package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The derived table of the Each Labs model reference (seed 000), as committed: what the parser made
 * of the real document, including the slips it had to interpret.
 */
class Seed000Test {
  static final List<String> FAL_PRESETS =
      List.of(
          "square_hd",
          "square",
          "portrait_4_3",
          "portrait_16_9",
          "landscape_4_3",
          "landscape_16_9");

  static SeedModelTables seed;

  @BeforeAll
  static void read() {
    seed = SeedTables.seed000();
  }

  @Test
  void hasExactly62Models() {
    assertEquals(62, seed.size(), "slugs: " + seed.models().keySet());
    assertEquals(SeedFormat.MODEL_REFERENCE, seed.format());
  }

  @Test
  void everyModelHasAPromptAndWellFormedRows() {
    for (SeedModel m : seed.models().values()) {
      assertFalse(m.params().isEmpty(), m.slug());
      assertNotNull(m.param("prompt"), m.slug() + " has no prompt");
      for (SeedParam p : m.params()) {
        assertTrue(SeedModelTables.TYPES.contains(p.type()), m.slug() + "." + p.name());
        assertTrue(p.name().matches("[a-z0-9_]+"), m.slug() + " has name '" + p.name() + "'");
      }
    }
  }

  @Test
  void readsAFalStyleTable() {
    SeedModel flux2 = seed.require("flux-2");
    assertEquals("Flux 2", flux2.title());
    assertEquals(
        List.of(
            "prompt",
            "guidance_scale",
            "seed",
            "num_inference_steps",
            "image_size",
            "num_images",
            "acceleration",
            "enable_prompt_expansion",
            "sync_mode",
            "enable_safety_checker",
            "output_format"),
        flux2.paramNames());
    SeedParam size = flux2.param("image_size");
    assertEquals(FAL_PRESETS, size.options());
    assertEquals("landscape_4_3", size.defaultValue());
    assertEquals("2.5", flux2.param("guidance_scale").defaultValue());
    assertEquals("True", flux2.param("enable_safety_checker").defaultValue());
    assertEquals(List.of("jpeg", "png", "webp"), flux2.param("output_format").options());
    assertTrue(flux2.param("prompt").required());
  }

  @Test
  void readsTheDocumentsSlips() {
    SeedParam safety = seed.require("flux-2-lora").param("enable_safety_checker");
    assertNotNull(safety, "the name cell 'enable_safety_checker boolean' is read as the parameter");
    assertEquals("true", safety.defaultValue());
    assertEquals(1, safety.notes().size(), "and the repair is recorded");

    SeedParam size = seed.require("bytedance-seedream-v4-5-text-to-image").param("image_size");
    assertTrue(size.optionsTruncated());
    assertEquals(FAL_PRESETS, size.options());
    assertEquals("auto", size.optionsTail());

    SeedParam resolution = seed.require("ideogram-v3-turbo").param("resolution");
    assertTrue(resolution.optionsTruncated());
    assertNull(resolution.optionsTail(), "the list was cut right after a comma");
    assertEquals("None", resolution.defaultValue());

    SeedParam ratio = seed.require("bria-v1-text-to-image-hd").param("aspect_ratio");
    assertFalse(ratio.options().contains(""));
    assertEquals(9, ratio.options().size());
    assertEquals(1, ratio.notes().size(), "the dropped empty item is recorded");

    assertEquals(
        "a cyberpunk cat with a neon sign that says \"Sana\"",
        seed.require("sana").param("prompt").defaultValue());
    assertEquals(
        List.of("1", "2", "3", "4", "5"),
        seed.require("flux-2-pro").param("safety_tolerance").options(),
        "options separated by ', ' are trimmed");
    assertEquals("string", seed.require("tencent-flux-srpo-text-to-image").param("seed").type());
    assertEquals(
        "Gemini 3  | Pro | Image Preview", seed.require("gemini-3-pro-image-preview").title());
  }
}
