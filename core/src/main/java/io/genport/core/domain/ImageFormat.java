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

  /** Bytes enough to tell the formats apart by their magic numbers. */
  public static final int SIGNATURE_LENGTH = 12;

  /**
   * The format the encoded image {@code head} starts with, read from its magic numbers (PNG's
   * {@code \x89PNG}, JPEG's {@code FF D8 FF}, WebP's {@code RIFF....WEBP}), or {@code null} when it
   * is none of them. {@code head} may be the whole image or just its first {@link
   * #SIGNATURE_LENGTH} bytes.
   */
  public static ImageFormat sniff(byte[] head) {
    byte[] b = head;
    if (b.length >= 8
        && (b[0] & 0xff) == 0x89
        && b[1] == 'P'
        && b[2] == 'N'
        && b[3] == 'G'
        && b[4] == '\r'
        && b[5] == '\n') {
      return PNG;
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return JPEG;
    }
    if (b.length >= 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return WEBP;
    }
    return null;
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
