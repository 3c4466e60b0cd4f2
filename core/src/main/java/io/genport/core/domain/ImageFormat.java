package io.genport.core.domain;

/** Canonical output image formats. */
public enum ImageFormat {
  PNG("image/png"),
  JPEG("image/jpeg"),
  WEBP("image/webp");

  private final String mediaType;

  ImageFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The IANA media type, e.g. {@code image/png}. */
  public String mediaType() {
    return mediaType;
  }

  /** Parses {@code png}, {@code jpeg}, {@code jpg} or {@code webp}, case-insensitively. */
  public static ImageFormat parse(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    if (t.equals("JPG")) {
      return JPEG;
    }
    for (ImageFormat f : values()) {
      if (f.name().equals(t)) {
        return f;
      }
    }
    throw new InvalidRequestException(
        "format", "'" + text + "' is not an image format; allowed: PNG, JPEG, WEBP");
  }

  /** The format whose media type is {@code mediaType}, or {@code null} when unknown. */
  public static ImageFormat fromMediaType(String mediaType) {
    for (ImageFormat f : values()) {
      if (f.mediaType.equalsIgnoreCase(mediaType)) {
        return f;
      }
    }
    return null;
  }
}
