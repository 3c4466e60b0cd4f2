package io.genport.spi.download;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ImageSource;
import io.genport.core.domain.PixelSize;

/**
 * A received result image, checked: within the size limit and a PNG, JPEG, WebP or GIF.
 *
 * @param source where its bytes are (the {@link ImageStore} it was written to)
 * @param mediaType the media type read from the bytes
 * @param size the pixel size read from the image header, or {@code null}
 * @param length its length in bytes
 * @since 1
 */
public record DownloadedImage(ImageSource source, String mediaType, PixelSize size, long length) {
  public DownloadedImage {
    requireNonNull(source, "source is null");
    requireNonNull(mediaType, "mediaType is null");
    if (length < 0) {
      throw new IllegalArgumentException("length is negative: " + length);
    }
  }

  /** All bytes, as a new array (the image is read whole into memory). */
  public byte[] bytes() {
    return source.readAllBytes();
  }

  @Override
  public String toString() {
    return "DownloadedImage[" + mediaType + ", " + length + " bytes, " + size + "]";
  }
}
