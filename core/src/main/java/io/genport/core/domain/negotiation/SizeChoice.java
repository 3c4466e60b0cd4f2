package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.PixelSize;

/**
 * The native size option {@link SizeNegotiator} chose, with the pixel size it is expected to give.
 */
public sealed interface SizeChoice
    permits SizeChoice.ModelDefault,
        SizeChoice.Preset,
        SizeChoice.Custom,
        SizeChoice.Ratio,
        SizeChoice.Explicit,
        SizeChoice.Resolution {

  /** The expected pixel size, or {@code null} when it is not known before the call. */
  PixelSize pixels();

  /** Send no size; the model uses its default. */
  record ModelDefault(PixelSize pixels) implements SizeChoice {
    @Override
    public String toString() {
      return pixels == null ? "model default" : "model default (" + pixels + ")";
    }
  }

  /** A named preset such as {@code landscape_4_3}. */
  record Preset(String name, PixelSize pixels) implements SizeChoice {
    public Preset {
      requireNonNull(name, "name is null");
      requireNonNull(pixels, "pixels is null");
    }

    @Override
    public String toString() {
      return name + " (" + pixels + ")";
    }
  }

  /** Free width and height. */
  record Custom(PixelSize pixels) implements SizeChoice {
    public Custom {
      requireNonNull(pixels, "pixels is null");
    }

    @Override
    public String toString() {
      return pixels.toString();
    }
  }

  /**
   * An aspect ratio, with a scale label when the model offers a choice of scales.
   *
   * @param ratio the ratio, sent as its label (e.g. {@code 16:9})
   * @param megapixels the scale label to send (e.g. {@code 0.25}), or {@code null} to send none
   * @param pixels the expected size
   */
  record Ratio(AspectRatio ratio, String megapixels, PixelSize pixels) implements SizeChoice {
    public Ratio {
      requireNonNull(ratio, "ratio is null");
    }

    @Override
    public String toString() {
      return ratio
          + (megapixels == null ? "" : " @ " + megapixels + " MP")
          + (pixels == null ? "" : " (" + pixels + ")");
    }
  }

  /** One label of an explicit size list, e.g. {@code 1152*896}. */
  record Explicit(String label, PixelSize pixels) implements SizeChoice {
    public Explicit {
      requireNonNull(label, "label is null");
      requireNonNull(pixels, "pixels is null");
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** A resolution class plus an aspect ratio. */
  record Resolution(String resolution, AspectRatio ratio, PixelSize pixels) implements SizeChoice {
    public Resolution {
      requireNonNull(resolution, "resolution is null");
      requireNonNull(ratio, "ratio is null");
    }

    @Override
    public String toString() {
      return resolution + " " + ratio + (pixels == null ? "" : " (" + pixels + ")");
    }
  }
}
