package io.genport.simulators.replicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRulesTest {

  @Test
  void aBuilderChangesACopyAndLeavesTheOriginal() {
    ModelRules flux = ModelRules.flux();
    ModelRules photon =
        flux.toBuilder()
            .aspectRatios(List.of("16:9", "7:3"))
            .formats(List.of("png", "jpg"))
            .singleOutput()
            .build();

    assertEquals(List.of("16:9", "7:3"), photon.aspectRatios());
    assertEquals("16:9", photon.defaultAspectRatio(), "the first ratio is the default");
    assertArrayEquals(new int[] {1344, 768}, photon.sizeOf("16:9"), "from the cog-flux table");
    assertArrayEquals(ModelRules.atOneMegapixel("7:3"), photon.sizeOf("7:3"));
    assertEquals("png", photon.defaultFormat());
    assertTrue(photon.singleOutput());
    assertEquals(1, photon.maxOutputs(), "a single output means one per call");

    assertEquals(11, flux.aspectRatios().size());
    assertEquals("webp", flux.defaultFormat());
    assertFalse(flux.singleOutput());
    assertEquals(4, flux.maxOutputs());
    assertNull(flux.sizeOf("7:3"));
  }

  @Test
  void dimensionsAreFreeWidthAndHeight() {
    ModelRules sdxl = ModelRules.dimensions(64, 2048, 8, 512);
    assertEquals(ModelRules.SizeMode.DIMENSIONS, sdxl.sizeMode());
    assertEquals(64, sdxl.minSide());
    assertEquals(2048, sdxl.maxSide());
    assertEquals(8, sdxl.multiple());
    assertEquals(512, sdxl.defaultWidth());
    assertEquals(512, sdxl.defaultHeight());
  }

  @Test
  void settersRefuseImpossibleValues() {
    ModelRules.Builder b = ModelRules.flux().toBuilder();
    assertThrows(IllegalArgumentException.class, () -> b.sideRange(512, 256, 16));
    assertThrows(IllegalArgumentException.class, () -> b.maxOutputs(0));
    assertThrows(IllegalArgumentException.class, () -> b.aspectRatios(List.of()));
    assertThrows(IllegalArgumentException.class, () -> b.formats(List.of()));
  }
}
