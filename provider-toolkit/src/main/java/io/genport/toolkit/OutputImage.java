package io.genport.toolkit;

import io.genport.spi.download.DownloadedImage;

/**
 * One image of a finished job, as the vendor points at it, or its bytes when the protocol already
 * decoded them from the answer.
 *
 * @param location an {@code https} URL, a {@code data:} URI, or bare base64 (with {@code base64});
 *     never null; for decoded bytes a description such as {@code inline}
 * @param base64 whether {@code location} is bare base64 rather than a URL
 * @param width the width the vendor reports, or 0 (the image's own header wins)
 * @param height the height the vendor reports, or 0
 * @param flagged whether the vendor flagged the image on content grounds
 * @param data the image's bytes, decoded by the protocol (not copied), or {@code null} when the
 *     engine fetches or decodes {@code location}
 * @param received the image already received into the provider's image store (decoded from the
 *     answer as it arrived, see {@link VendorResponse#receiveImage}), used as it is; or {@code
 *     null}
 */
public record OutputImage(
    String location,
    boolean base64,
    int width,
    int height,
    boolean flagged,
    byte[] data,
    DownloadedImage received) {
  public OutputImage {
    if (location == null) {
      throw new IllegalArgumentException("location is null");
    }
    if (data != null && received != null) {
      throw new IllegalArgumentException("an image has bytes to check or is received, not both");
    }
  }

  /** An image at {@code location}, fetched or decoded by the engine. */
  public OutputImage(String location, boolean base64, int width, int height, boolean flagged) {
    this(location, base64, width, height, flagged, null, null);
  }

  /** An image at {@code location}, or the bytes the protocol decoded ({@code data}). */
  public OutputImage(
      String location, boolean base64, int width, int height, boolean flagged, byte[] data) {
    this(location, base64, width, height, flagged, data, null);
  }

  /**
   * An image the protocol received into the image store while it read the answer; the engine uses
   * it as it is (the checks of a download were applied as it arrived).
   *
   * @param width the width the vendor reports, or 0 (the image's own header wins)
   * @param height the height the vendor reports, or 0
   * @param flagged whether the vendor flagged the image on content grounds
   */
  public static OutputImage received(
      DownloadedImage image, int width, int height, boolean flagged) {
    if (image == null) {
      throw new IllegalArgumentException("image is null");
    }
    return new OutputImage("inline", false, width, height, flagged, null, image);
  }

  /**
   * An image the protocol decoded itself, e.g. with a streaming parser straight from a JSON answer;
   * the engine checks it as it checks a download.
   */
  public static OutputImage decoded(byte[] image) {
    if (image == null) {
      throw new IllegalArgumentException("image is null");
    }
    return new OutputImage("inline", false, 0, 0, false, image);
  }

  /** Leaves out the bytes. */
  @Override
  public String toString() {
    return "OutputImage["
        + (data != null
            ? data.length + " bytes inline"
            : received != null
                ? received.length() + " bytes received"
                : base64 ? "base64" : location)
        + (flagged ? ", flagged" : "")
        + "]";
  }

  /** An image at a URL or data URI, with no size or flag reported. */
  public static OutputImage url(String url) {
    return new OutputImage(url, false, 0, 0, false);
  }

  /** An image sent inline as bare base64. */
  public static OutputImage inline(String base64) {
    return new OutputImage(base64, true, 0, 0, false);
  }
}
