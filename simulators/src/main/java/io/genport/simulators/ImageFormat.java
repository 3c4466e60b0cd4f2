package io.genport.simulators;

import java.util.Locale;
import java.util.Optional;

/** The image encodings the simulators render. */
public enum ImageFormat {
  /** PNG, lossless. */
  PNG("png", "image/png", "png"),
  /** JPEG (baseline, quality 0.9). */
  JPEG("jpeg", "image/jpeg", "jpeg"),
  /** WebP, lossless (encoded by the simulators themselves: the JDK has no WebP writer). */
  WEBP("webp", "image/webp", null);

  private final String extension;
  private final String contentType;
  private final String imageIoName;

  ImageFormat(String extension, String contentType, String imageIoName) {
    this.extension = extension;
    this.contentType = contentType;
    this.imageIoName = imageIoName;
  }

  /** File extension without the dot ({@code png}, {@code jpeg}). */
  public String extension() {
    return extension;
  }

  /** MIME type. */
  public String contentType() {
    return contentType;
  }

  String imageIoName() {
    return imageIoName;
  }

  /** Parses {@code png}, {@code jpeg}, {@code jpg} or {@code webp} (any case). */
  public static Optional<ImageFormat> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "png":
        return Optional.of(PNG);
      case "jpeg":
      case "jpg":
        return Optional.of(JPEG);
      case "webp":
        return Optional.of(WEBP);
      default:
        return Optional.empty();
    }
  }
}
