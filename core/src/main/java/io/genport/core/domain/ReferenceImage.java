package io.genport.core.domain;

import java.net.URI;
import java.util.Arrays;

/**
 * An input image for image-to-image or editing: a URL or inline bytes, with an optional strength.
 *
 * @param url where the vendor can fetch the image, or {@code null} when {@code bytes} is given
 * @param bytes the encoded image, or {@code null} when {@code url} is given
 * @param mediaType media type of {@code bytes}, e.g. {@code image/png}; may be null with a URL
 * @param strength how strongly the image guides the result, 0..1, or {@code null}
 */
public record ReferenceImage(URI url, byte[] bytes, String mediaType, Double strength) {
  public ReferenceImage {
    if ((url == null) == (bytes == null)) {
      throw new InvalidRequestException(
          "referenceImages", "give exactly one of a URL or inline bytes");
    }
    if (strength != null && !(strength >= 0 && strength <= 1)) {
      throw new InvalidRequestException(
          "referenceImages", "strength must be between 0 and 1, was " + strength);
    }
    bytes = bytes == null ? null : bytes.clone();
  }

  public static ReferenceImage of(URI url) {
    return new ReferenceImage(url, null, null, null);
  }

  @Override
  public byte[] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReferenceImage r
        && java.util.Objects.equals(url, r.url)
        && Arrays.equals(bytes, r.bytes)
        && java.util.Objects.equals(mediaType, r.mediaType)
        && java.util.Objects.equals(strength, r.strength);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(url, Arrays.hashCode(bytes), mediaType, strength);
  }

  @Override
  public String toString() {
    return "ReferenceImage["
        + (url != null ? "url=" + url : bytes.length + " bytes " + mediaType)
        + (strength == null ? "" : ", strength=" + strength)
        + "]";
  }
}
