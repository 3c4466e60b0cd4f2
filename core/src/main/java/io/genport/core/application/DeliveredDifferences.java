package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import java.util.ArrayList;
import java.util.List;

/**
 * What a vendor delivered that differs from the plan: size and format, read from the images
 * themselves. Stateless; used by {@link JobPoller} when a job succeeds.
 */
final class DeliveredDifferences {
  private DeliveredDifferences() {}

  /**
   * The one place a delivered image is compared with its plan: the first image whose size differs
   * from the planned size, and the first whose encoding (read from its bytes) differs from the
   * planned format, each reported as an adaptation the vendor made. Either check is skipped when
   * the plan does not know the value.
   */
  static List<Adaptation> of(
      PixelSize expectedSize, ImageFormat expectedFormat, List<GeneratedImage> images) {
    Adaptation size = null;
    Adaptation format = null;
    for (GeneratedImage img : images) {
      if (size == null
          && expectedSize != null
          && img.size() != null
          && !expectedSize.equals(img.size())) {
        size =
            new Adaptation(
                RequestField.SIZE,
                expectedSize.toString(),
                img.size().toString(),
                "the vendor returned a different size than planned");
      }
      ImageFormat delivered = expectedFormat == null ? null : img.format();
      if (format == null && delivered != null && delivered != expectedFormat) {
        format =
            new Adaptation(
                RequestField.FORMAT,
                expectedFormat.name(),
                delivered.name(),
                "the vendor returned a different format than planned");
      }
    }
    List<Adaptation> out = new ArrayList<>(2);
    if (size != null) {
      out.add(size);
    }
    if (format != null) {
      out.add(format);
    }
    return List.copyOf(out);
  }
}
