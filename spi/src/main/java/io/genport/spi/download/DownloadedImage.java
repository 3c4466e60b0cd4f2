package io.genport.spi.download;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.PixelSize;

/**
 * A fetched result image.
 *
 * @param bytes the encoded image; not copied, do not mutate
 * @param mediaType the media type read from the bytes
 * @param size the pixel size read from the image header, or {@code null}
 * @since 1
 */
public record DownloadedImage(byte[] bytes, String mediaType, PixelSize size) {
  public DownloadedImage {
    requireNonNull(bytes, "bytes is null");
    requireNonNull(mediaType, "mediaType is null");
  }

  @Override
  public String toString() {
    return "DownloadedImage[" + mediaType + ", " + bytes.length + " bytes, " + size + "]";
  }
}
