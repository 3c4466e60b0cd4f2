package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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

  /**
   * The encoding read from the image's first bytes ({@link ImageFormat#sniff}), whatever the vendor
   * claimed; {@code null} when they are not PNG, JPEG or WebP (or cannot be read), and then the
   * {@linkplain #mediaType() media type} is the best there is.
   */
  public ImageFormat format() {
    try (InputStream in = source.open()) {
      ImageFormat sniffed = ImageFormat.sniff(in.readNBytes(ImageFormat.SIGNATURE_LENGTH));
      return sniffed != null ? sniffed : ImageFormat.fromMediaType(mediaType);
    } catch (IOException | UncheckedIOException e) {
      return ImageFormat.fromMediaType(mediaType);
    }
  }

  /** Width and height, or {@code null} when unknown. */
  public PixelSize size() {
    return width > 0 && height > 0 ? new PixelSize(width, height) : null;
  }
}
