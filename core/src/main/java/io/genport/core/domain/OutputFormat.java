package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

/**
 * The requested output encoding.
 *
 * @param type the image format, never null
 * @param quality encoder quality 1..100, or {@code null} for the vendor default
 */
public record OutputFormat(ImageFormat type, Integer quality) {
  public OutputFormat {
    requireNonNull(type, "type is null");
    if (quality != null && (quality < 1 || quality > 100)) {
      throw new InvalidRequestException("quality", "must be between 1 and 100, was " + quality);
    }
  }

  public static OutputFormat of(ImageFormat type) {
    return new OutputFormat(type, null);
  }
}
