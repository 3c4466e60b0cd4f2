package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageRendererTest {
  @Test
  void rendersExactSizesInBothFormats() {
    ImageRenderer r = new ImageRenderer(8, 1 << 20);
    assertArrayEquals(
        new int[] {1280, 720}, TestHttp.imageSize(r.render("p", 1, 1280, 720, ImageFormat.PNG)));
    assertArrayEquals(
        new int[] {7, 3}, TestHttp.imageSize(r.render("p", 1, 7, 3, ImageFormat.JPEG)));
    assertArrayEquals(
        new int[] {1, 1}, TestHttp.imageSize(r.render("p", 1, 1, 1, ImageFormat.PNG)));
  }

  @Test
  void sameInputsGiveIdenticalBytesAcrossRenderers() {
    byte[] a = new ImageRenderer(0, 0).render("a fox", 42, 300, 200, ImageFormat.JPEG);
    byte[] b = new ImageRenderer(0, 0).render("a fox", 42, 300, 200, ImageFormat.JPEG);
    assertArrayEquals(a, b);
    byte[] c = new ImageRenderer(0, 0).render("a fox", 43, 300, 200, ImageFormat.JPEG);
    assertFalse(Arrays.equals(a, c));
    byte[] d = new ImageRenderer(0, 0).render("a cat", 42, 300, 200, ImageFormat.JPEG);
    assertFalse(Arrays.equals(a, d));
  }

  @Test
  void blackIsBlack() throws Exception {
    byte[] png = ImageRenderer.shared().renderBlack(16, 8, ImageFormat.PNG);
    var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertEquals(0, img.getRGB(5, 5) & 0xFFFFFF);
  }
}
