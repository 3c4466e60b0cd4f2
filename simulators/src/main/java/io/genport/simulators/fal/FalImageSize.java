package io.genport.simulators.fal;

import java.util.Optional;

/** fal's six {@code image_size} presets (fal toolkit {@code IMAGE_SIZE_PRESETS}). */
public enum FalImageSize {
  /** 1024 x 1024. */
  SQUARE_HD("square_hd", 1024, 1024),
  /** 512 x 512. */
  SQUARE("square", 512, 512),
  /** 768 x 1024. */
  PORTRAIT_4_3("portrait_4_3", 768, 1024),
  /** 576 x 1024. */
  PORTRAIT_16_9("portrait_16_9", 576, 1024),
  /** 1024 x 768 (flux/dev's default). */
  LANDSCAPE_4_3("landscape_4_3", 1024, 768),
  /** 1024 x 576. */
  LANDSCAPE_16_9("landscape_16_9", 1024, 576);

  /** The enum message pydantic gives for an unknown preset, as fal returns it. */
  static final String EXPECTED =
      "'square_hd', 'square', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3' or 'landscape_16_9'";

  private final String wireName;
  private final int width;
  private final int height;

  FalImageSize(String wireName, int width, int height) {
    this.wireName = wireName;
    this.width = width;
    this.height = height;
  }

  /** The name on the wire, e.g. {@code landscape_4_3}. */
  public String wireName() {
    return wireName;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** The preset with this wire name (exact, case-sensitive like fal). */
  public static Optional<FalImageSize> fromWire(String name) {
    for (FalImageSize s : values()) {
      if (s.wireName.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
