package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.PixelSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model takes an output size. One of six kinds; {@link SizeNegotiator} fits a requested
 * {@link io.genport.core.domain.Size} to any of them.
 */
public sealed interface SizeCapability
    permits SizeCapability.Presets,
        SizeCapability.AspectRatios,
        SizeCapability.ExplicitSizes,
        SizeCapability.FreeDimensions,
        SizeCapability.ResolutionClasses,
        SizeCapability.NoSize {

  /** A million pixels in the sense vendors use it for "1 MP": 1024 x 1024. */
  long MEGAPIXEL = 1024L * 1024L;

  /** The pixel size the model produces when no size is sent, or {@code null} when unknown. */
  PixelSize defaultSize();

  /**
   * Named presets with known pixel sizes (fal's {@code image_size}), optionally also accepting a
   * free width/height object.
   *
   * @param presets preset name to pixel size, in declaration order (ties go to the earlier one)
   * @param custom rule for free width/height, or {@code null} when only presets are accepted
   * @param defaultPreset the preset used when none is sent, or {@code null}
   */
  record Presets(Map<String, PixelSize> presets, DimensionRule custom, String defaultPreset)
      implements SizeCapability {
    public Presets {
      if (presets == null || presets.isEmpty()) {
        throw new IllegalArgumentException("presets must not be empty");
      }
      presets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(presets));
      if (defaultPreset != null && !presets.containsKey(defaultPreset)) {
        throw new IllegalArgumentException("default preset " + defaultPreset + " is not a preset");
      }
    }

    /** fal's six standard presets. */
    public static Map<String, PixelSize> falPresets() {
      Map<String, PixelSize> m = new LinkedHashMap<>();
      m.put("square_hd", new PixelSize(1024, 1024));
      m.put("square", new PixelSize(512, 512));
      m.put("portrait_4_3", new PixelSize(768, 1024));
      m.put("portrait_16_9", new PixelSize(576, 1024));
      m.put("landscape_4_3", new PixelSize(1024, 768));
      m.put("landscape_16_9", new PixelSize(1024, 576));
      return m;
    }

    @Override
    public PixelSize defaultSize() {
      return defaultPreset == null ? null : presets.get(defaultPreset);
    }
  }

  /**
   * An enumeration of aspect-ratio labels ({@code 16:9}), optionally with a {@code custom} value
   * that takes free width/height, and optionally a choice of scales in megapixels.
   *
   * @param ratios the ratio labels the model accepts, in declaration order
   * @param custom rule for custom width/height, or {@code null} when the model has no custom option
   * @param megapixels scale label to megapixels (Replicate's {@code megapixels}: "1" to 1.0, "0.25"
   *     to 0.25), or empty when the scale is fixed
   * @param nominalMegapixels the scale the model renders ratios at when none is chosen, e.g. 1.0
   * @param multiple the multiple the vendor rounds ratio-derived sides to, used to predict pixel
   *     sizes
   * @param defaultRatio the ratio used when none is sent, or {@code null}
   */
  record AspectRatios(
      List<String> ratios,
      DimensionRule custom,
      Map<String, Double> megapixels,
      double nominalMegapixels,
      int multiple,
      String defaultRatio)
      implements SizeCapability {
    public AspectRatios {
      if (ratios == null || ratios.isEmpty()) {
        throw new IllegalArgumentException("ratios must not be empty");
      }
      ratios = List.copyOf(ratios);
      for (String r : ratios) {
        AspectRatio.parse(r);
      }
      megapixels =
          megapixels == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(megapixels));
      if (!(nominalMegapixels > 0)) {
        throw new IllegalArgumentException("nominalMegapixels must be positive");
      }
      if (multiple < 1) {
        throw new IllegalArgumentException("multiple must be at least 1");
      }
      if (defaultRatio != null && !ratios.contains(defaultRatio)) {
        throw new IllegalArgumentException("default ratio " + defaultRatio + " is not listed");
      }
    }

    /**
     * The pixel size the model is expected to render {@code ratio} at, at {@code mp} megapixels.
     */
    public PixelSize pixelsFor(String ratio, double mp) {
      return SizeNegotiator.sizeAt(AspectRatio.parse(ratio).value(), mp * MEGAPIXEL, multiple);
    }

    @Override
    public PixelSize defaultSize() {
      return defaultRatio == null ? null : pixelsFor(defaultRatio, nominalMegapixels);
    }
  }

  /**
   * An explicit list of sizes, each sent as its label ({@code 1024x1024}, {@code 1152*896}).
   *
   * @param labels the labels exactly as the model takes them, in declaration order
   * @param defaultLabel the label used when none is sent, or {@code null}
   */
  record ExplicitSizes(List<String> labels, String defaultLabel) implements SizeCapability {
    public ExplicitSizes {
      if (labels == null || labels.isEmpty()) {
        throw new IllegalArgumentException("labels must not be empty");
      }
      labels = List.copyOf(labels);
      for (String l : labels) {
        PixelSize.parse(l);
      }
      if (defaultLabel != null && !labels.contains(defaultLabel)) {
        throw new IllegalArgumentException("default " + defaultLabel + " is not listed");
      }
    }

    @Override
    public PixelSize defaultSize() {
      return defaultLabel == null ? null : PixelSize.parse(defaultLabel);
    }
  }

  /**
   * Free width and height under a {@link DimensionRule} (Leonardo, Nova Canvas, Cog models).
   *
   * @param rule the constraints
   * @param defaultSize the size used when none is sent, or {@code null}
   */
  record FreeDimensions(DimensionRule rule, PixelSize defaultSize) implements SizeCapability {
    public FreeDimensions {
      requireNonNull(rule, "rule is null");
    }
  }

  /**
   * A resolution class ({@code 1K}, {@code 2K}, {@code 1 MP}) combined with an aspect ratio.
   *
   * @param classes class label to megapixels, in declaration order
   * @param ratios the ratio labels, in declaration order
   * @param multiple rounding of predicted sides
   * @param defaultClass the class used when none is sent, or {@code null}
   * @param defaultRatio the ratio used when none is sent, or {@code null}
   */
  record ResolutionClasses(
      Map<String, Double> classes,
      List<String> ratios,
      int multiple,
      String defaultClass,
      String defaultRatio)
      implements SizeCapability {
    public ResolutionClasses {
      if (classes == null || classes.isEmpty() || ratios == null || ratios.isEmpty()) {
        throw new IllegalArgumentException("classes and ratios must not be empty");
      }
      classes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(classes));
      ratios = List.copyOf(ratios);
      for (String r : ratios) {
        AspectRatio.parse(r);
      }
      if (multiple < 1) {
        throw new IllegalArgumentException("multiple must be at least 1");
      }
    }

    /** The expected pixel size of {@code ratio} at resolution class {@code cls}. */
    public PixelSize pixelsFor(String cls, String ratio) {
      return SizeNegotiator.sizeAt(
          AspectRatio.parse(ratio).value(), classes.get(cls) * MEGAPIXEL, multiple);
    }

    @Override
    public PixelSize defaultSize() {
      return defaultClass == null || defaultRatio == null
          ? null
          : pixelsFor(defaultClass, defaultRatio);
    }
  }

  /**
   * The model takes no size parameter.
   *
   * @param defaultSize what it produces, or {@code null} when unknown
   */
  record NoSize(PixelSize defaultSize) implements SizeCapability {}
}
