package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one comparison of a delivered image with its plan: the format is read from the image's magic
 * numbers, whatever the vendor's media type says, and a difference is reported as the size's is.
 */
class DeliveredDifferencesTest {
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
  static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16};
  static final byte[] WEBP = "RIFF\0\0\0\0WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1);

  private static GeneratedImage image(byte[] bytes, String claimedType, int w, int h) {
    return new GeneratedImage(ImageSource.of(bytes), claimedType, w, h, 1L, false);
  }

  @Test
  void theFormatComesFromTheMagicNumbersNotTheClaimedType() {
    assertEquals(ImageFormat.PNG, image(PNG, "image/webp", 1, 1).format());
    assertEquals(ImageFormat.JPEG, image(JPEG, "image/png", 1, 1).format());
    assertEquals(ImageFormat.WEBP, image(WEBP, "image/jpeg", 1, 1).format());
    assertEquals(ImageFormat.PNG, image(new byte[] {1, 2, 3}, "image/png", 1, 1).format());
    assertNull(ImageFormat.sniff(new byte[] {1, 2, 3}));
    assertNull(ImageFormat.sniff(new byte[0]));
  }

  @Test
  void aDifferentFormatIsReportedLikeADifferentSize() {
    List<Adaptation> d =
        DeliveredDifferences.of(
            new PixelSize(1568, 672),
            ImageFormat.WEBP,
            List.of(image(PNG, "image/webp", 1536, 640)));

    assertEquals(
        List.of(
            new Adaptation(
                RequestField.SIZE,
                "1568x672",
                "1536x640",
                "the vendor returned a different size than planned"),
            new Adaptation(
                RequestField.FORMAT,
                "WEBP",
                "PNG",
                "the vendor returned a different format than planned")),
        d);
  }

  @Test
  void nothingIsReportedWhenTheImagesAreAsPlannedOrThePlanDidNotKnow() {
    GeneratedImage png = image(PNG, "image/png", 1024, 768);
    assertEquals(
        List.of(),
        DeliveredDifferences.of(new PixelSize(1024, 768), ImageFormat.PNG, List.of(png)));
    assertEquals(List.of(), DeliveredDifferences.of(null, null, List.of(png)));
    assertEquals(
        1,
        DeliveredDifferences.of(null, ImageFormat.JPEG, List.of(png, png)).size(),
        "one adaptation for the call, not one per image");
  }
}
