package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

/**
 * One image of a result.
 *
 * @param source its bytes, in memory or lazily fetched
 * @param mediaType e.g. {@code image/png}
 * @param width pixels, or 0 when unknown
 * @param height pixels, or 0 when unknown
 * @param seed the seed of the call that made it, or {@code null} when the model takes no seed
 * @param flagged whether the vendor reported it as filtered or blanked for content reasons
 */
public record GeneratedImage(
    ImageSource source, String mediaType, int width, int height, Long seed, boolean flagged) {
  public GeneratedImage {
    requireNonNull(source, "source is null");
    requireNonNull(mediaType, "mediaType is null");
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative size");
    }
  }

  /** Width and height, or {@code null} when unknown. */
  public PixelSize size() {
    return width > 0 && height > 0 ? new PixelSize(width, height) : null;
  }
}
