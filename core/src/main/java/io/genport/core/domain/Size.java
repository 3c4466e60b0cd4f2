package io.genport.core.domain;

/**
 * The requested output size: an exact pixel size, an aspect ratio (optionally with a target
 * megapixel count), or unspecified (the model's default).
 */
public sealed interface Size permits Size.Exact, Size.Aspect, Size.Unspecified {

  /** Exactly {@code width x height} pixels. */
  static Size exact(int width, int height) {
    return new Exact(new PixelSize(width, height));
  }

  /** The aspect ratio {@code width:height} at the model's default scale. */
  static Size aspect(int width, int height) {
    return new Aspect(new AspectRatio(width, height), null);
  }

  /** The aspect ratio {@code width:height} at about {@code megapixels} million pixels. */
  static Size aspect(int width, int height, double megapixels) {
    return new Aspect(new AspectRatio(width, height), megapixels);
  }

  /** Whatever the model produces by default. */
  static Size unspecified() {
    return Unspecified.INSTANCE;
  }

  /** An exact pixel size. */
  record Exact(PixelSize pixels) implements Size {
    public Exact {
      java.util.Objects.requireNonNull(pixels, "pixels is null");
    }

    @Override
    public String toString() {
      return pixels.toString();
    }
  }

  /**
   * An aspect ratio with an optional scale.
   *
   * @param ratio never null
   * @param megapixels target size in millions of pixels (0.01..64), or {@code null} for the model
   *     default
   */
  record Aspect(AspectRatio ratio, Double megapixels) implements Size {
    public Aspect {
      java.util.Objects.requireNonNull(ratio, "ratio is null");
      if (megapixels != null && !(megapixels >= 0.01 && megapixels <= 64)) {
        throw new InvalidRequestException(
            "megapixels", "must be between 0.01 and 64, was " + megapixels);
      }
    }

    @Override
    public String toString() {
      return megapixels == null ? ratio.toString() : ratio + " @ " + megapixels + " MP";
    }
  }

  /** The model's default size. */
  enum Unspecified implements Size {
    INSTANCE;

    @Override
    public String toString() {
      return "unspecified";
    }
  }
}
