package io.genport.toolkit;

/**
 * One image of a finished job, as the vendor points at it.
 *
 * @param location an {@code https} URL, a {@code data:} URI, or bare base64 (with {@code base64});
 *     never null
 * @param base64 whether {@code location} is bare base64 rather than a URL
 * @param width the width the vendor reports, or 0 (the image's own header wins)
 * @param height the height the vendor reports, or 0
 * @param flagged whether the vendor flagged the image on content grounds
 */
public record OutputImage(String location, boolean base64, int width, int height, boolean flagged) {
  public OutputImage {
    if (location == null) {
      throw new IllegalArgumentException("location is null");
    }
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
