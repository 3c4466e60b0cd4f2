package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.AspectRatio;
import io.genport.core.domain.PixelSize;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model takes an output size. One of six kinds, each of which says in one place what native
 * options it offers ({@link #options}), which free sizes it accepts ({@link #customRule}), what it
 * produces by default and how it is described; {@link SizeNegotiator} ranks the options of any kind
 * the same way. Values are parsed once: ratios are {@link AspectRatio}s and sizes {@link
 * PixelSize}s.
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

  /** The kind's name, as catalogs and {@code genport models} spell it ({@code presets}, ...). */
  String kind();

  /** One line describing the options, as {@code genport models} shows it. */
  String describe();

  /**
   * The listed native options, in declaration order (ties go to the earlier one), each with why it
   * is what the model offers.
   *
   * @param scaleRequested whether the request names a scale (an exact size or megapixels); a model
   *     with a choice of scales offers each ratio at every scale only then
   */
  List<Option> options(boolean scaleRequested);

  /** The rule free sizes must meet, or {@code null} when the model takes no free size. */
  default DimensionRule customRule() {
    return null;
  }

  /** The pixel count an aspect-ratio request without megapixels is fitted at. */
  default double referencePixels() {
    PixelSize d = defaultSize();
    return d != null ? d.pixels() : MEGAPIXEL;
  }

  /**
   * One native option.
   *
   * @param choice what would be sent
   * @param ratio the width/height ratio it stands for (an aspect-ratio label's own value, not the
   *     rounded pixel size's), or {@code NaN} when unknown
   * @param why what the model offers, for the adaptation's reason
   */
  record Option(SizeChoice choice, double ratio, String why) {
    public Option {
      requireNonNull(choice, "choice is null");
      requireNonNull(why, "why is null");
    }

    static Option of(SizeChoice choice, String why) {
      PixelSize px = choice.pixels();
      return new Option(choice, px == null ? Double.NaN : px.ratio(), why);
    }
  }

  /**
   * Named presets with known pixel sizes (fal's {@code image_size}), optionally also accepting a
   * free width/height.
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
      presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
      if (defaultPreset != null && !presets.containsKey(defaultPreset)) {
        throw new IllegalArgumentException("default preset " + defaultPreset + " is not a preset");
      }
    }

    @Override
    public PixelSize defaultSize() {
      return defaultPreset == null ? null : presets.get(defaultPreset);
    }

    @Override
    public String kind() {
      return "presets";
    }

    @Override
    public String describe() {
      return "presets "
          + String.join(", ", presets.keySet())
          + (custom == null ? "" : "; or any size " + custom.describe());
    }

    @Override
    public List<Option> options(boolean scaleRequested) {
      String why = "nearest of the model's presets (" + String.join(", ", presets.keySet()) + ")";
      List<Option> out = new ArrayList<>();
      presets.forEach((name, px) -> out.add(Option.of(new SizeChoice.Preset(name, px), why)));
      return out;
    }

    @Override
    public DimensionRule customRule() {
      return custom;
    }
  }

  /**
   * An enumeration of aspect ratios ({@code 16:9}), optionally with a custom option that takes free
   * width/height, and optionally a choice of scales in megapixels.
   *
   * @param ratios the ratios the model accepts, in declaration order
   * @param custom rule for custom width/height, or {@code null} when the model has no custom option
   * @param megapixels scale label to megapixels (Replicate's {@code megapixels}: "1" to 1.0, "0.25"
   *     to 0.25), or empty when the scale is fixed
   * @param nominalMegapixels the scale the model renders ratios at when none is chosen, e.g. 1.0
   * @param multiple the multiple the vendor rounds ratio-derived sides to, used to predict pixel
   *     sizes
   * @param defaultRatio the ratio used when none is sent, or {@code null}
   * @param ratioPixels the pixel size the vendor documents for a ratio at {@code nominalMegapixels}
   *     (FLUX's {@code 21:9} is 1536x640, not the 1568x672 that rounding 1 MP would predict); other
   *     scales are this size scaled and rounded to {@code multiple}. Ratios not in it are predicted
   *     from {@code multiple}. Empty when the vendor documents no table.
   */
  record AspectRatios(
      List<AspectRatio> ratios,
      DimensionRule custom,
      Map<String, Double> megapixels,
      double nominalMegapixels,
      int multiple,
      AspectRatio defaultRatio,
      Map<AspectRatio, PixelSize> ratioPixels)
      implements SizeCapability {
    /** Ratios whose pixel sizes are all predicted from {@code multiple}. */
    public AspectRatios(
        List<AspectRatio> ratios,
        DimensionRule custom,
        Map<String, Double> megapixels,
        double nominalMegapixels,
        int multiple,
        AspectRatio defaultRatio) {
      this(ratios, custom, megapixels, nominalMegapixels, multiple, defaultRatio, Map.of());
    }

    public AspectRatios {
      ratioPixels = ratioPixels == null ? Map.of() : Map.copyOf(ratioPixels);
      for (AspectRatio r : ratioPixels.keySet()) {
        if (ratios != null && !ratios.contains(r)) {
          throw new IllegalArgumentException("ratio " + r + " has pixels but is not listed");
        }
      }
      if (ratios == null || ratios.isEmpty()) {
        throw new IllegalArgumentException("ratios must not be empty");
      }
      ratios = List.copyOf(ratios);
      megapixels =
          megapixels == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(megapixels));
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
    public PixelSize pixelsFor(AspectRatio ratio, double mp) {
      PixelSize documented = ratioPixels.get(ratio);
      if (documented == null) {
        return SizeNegotiator.sizeAt(ratio.value(), mp * MEGAPIXEL, multiple);
      }
      if (mp == nominalMegapixels) {
        return documented;
      }
      double scale = Math.sqrt(mp / nominalMegapixels);
      return new PixelSize(
          scaled(documented.width(), scale, multiple),
          scaled(documented.height(), scale, multiple));
    }

    private static int scaled(int side, double scale, int multiple) {
      return (int) Math.max(multiple, Math.round(side * scale / multiple) * multiple);
    }

    @Override
    public PixelSize defaultSize() {
      return defaultRatio == null ? null : pixelsFor(defaultRatio, nominalMegapixels);
    }

    @Override
    public double referencePixels() {
      return nominalMegapixels * MEGAPIXEL;
    }

    @Override
    public String kind() {
      return "aspect_ratio";
    }

    @Override
    public String describe() {
      return "aspect ratios "
          + labels()
          + (megapixels.isEmpty() ? "" : " at " + String.join(" or ", megapixels.keySet()) + " MP")
          + (custom == null ? "" : "; or custom " + custom.describe());
    }

    @Override
    public List<Option> options(boolean scaleRequested) {
      List<Option> out = new ArrayList<>();
      String labels = labels();
      for (AspectRatio ratio : ratios) {
        if (!megapixels.isEmpty() && scaleRequested) {
          String why =
              "the model takes aspect ratios ("
                  + labels
                  + ") at "
                  + String.join(" or ", megapixels.keySet())
                  + " MP";
          megapixels.forEach(
              (label, mp) ->
                  out.add(
                      new Option(
                          new SizeChoice.Ratio(ratio, label, pixelsFor(ratio, mp)),
                          ratio.value(),
                          why)));
        } else {
          out.add(
              new Option(
                  new SizeChoice.Ratio(ratio, null, pixelsFor(ratio, nominalMegapixels)),
                  ratio.value(),
                  custom == null
                      ? "the model takes only the aspect ratios " + labels
                      : "nearest listed aspect ratio (" + labels + ")"));
        }
      }
      return out;
    }

    @Override
    public DimensionRule customRule() {
      return custom;
    }

    private String labels() {
      return String.join(", ", ratios.stream().map(AspectRatio::toString).toList());
    }
  }

  /**
   * An explicit list of sizes, each sent as its label ({@code 1024x1024}, {@code 1152*896}).
   *
   * @param sizes each label exactly as the model takes it, to the size it stands for, in
   *     declaration order
   * @param defaultLabel the label used when none is sent, or {@code null}
   */
  record ExplicitSizes(Map<String, PixelSize> sizes, String defaultLabel)
      implements SizeCapability {
    public ExplicitSizes {
      if (sizes == null || sizes.isEmpty()) {
        throw new IllegalArgumentException("sizes must not be empty");
      }
      sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
      if (defaultLabel != null && !sizes.containsKey(defaultLabel)) {
        throw new IllegalArgumentException("default " + defaultLabel + " is not listed");
      }
    }

    /**
     * The sizes {@code labels} spell ({@code 1024x1024}, {@code 1152*896}), parsed once.
     *
     * @throws io.genport.core.domain.InvalidRequestException when a label is not a size
     */
    public static ExplicitSizes of(List<String> labels, String defaultLabel) {
      Map<String, PixelSize> sizes = new LinkedHashMap<>();
      for (String l : labels) {
        sizes.put(l, PixelSize.parse(l));
      }
      return new ExplicitSizes(sizes, defaultLabel);
    }

    @Override
    public PixelSize defaultSize() {
      return defaultLabel == null ? null : sizes.get(defaultLabel);
    }

    @Override
    public String kind() {
      return "sizes";
    }

    @Override
    public String describe() {
      return "sizes " + String.join(", ", sizes.keySet());
    }

    @Override
    public List<Option> options(boolean scaleRequested) {
      String why = "the model takes only the sizes " + String.join(", ", sizes.keySet());
      List<Option> out = new ArrayList<>();
      sizes.forEach((label, px) -> out.add(Option.of(new SizeChoice.Explicit(label, px), why)));
      return out;
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

    @Override
    public String kind() {
      return "dimensions";
    }

    @Override
    public String describe() {
      return "any size " + rule.describe();
    }

    @Override
    public List<Option> options(boolean scaleRequested) {
      return List.of();
    }

    @Override
    public DimensionRule customRule() {
      return rule;
    }
  }

  /**
   * A resolution class ({@code 1K}, {@code 2K}, {@code 1 MP}) combined with an aspect ratio.
   *
   * @param classes class label to megapixels, in declaration order
   * @param ratios the ratios, in declaration order
   * @param multiple rounding of predicted sides
   * @param defaultClass the class used when none is sent, or {@code null}
   * @param defaultRatio the ratio used when none is sent, or {@code null}
   */
  record ResolutionClasses(
      Map<String, Double> classes,
      List<AspectRatio> ratios,
      int multiple,
      String defaultClass,
      AspectRatio defaultRatio)
      implements SizeCapability {
    public ResolutionClasses {
      if (classes == null || classes.isEmpty() || ratios == null || ratios.isEmpty()) {
        throw new IllegalArgumentException("classes and ratios must not be empty");
      }
      classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
      ratios = List.copyOf(ratios);
      if (multiple < 1) {
        throw new IllegalArgumentException("multiple must be at least 1");
      }
      if (defaultClass != null && !classes.containsKey(defaultClass)) {
        throw new IllegalArgumentException("default class " + defaultClass + " is not listed");
      }
      if (defaultRatio != null && !ratios.contains(defaultRatio)) {
        throw new IllegalArgumentException("default ratio " + defaultRatio + " is not listed");
      }
    }

    /** The expected pixel size of {@code ratio} at resolution class {@code cls}. */
    public PixelSize pixelsFor(String cls, AspectRatio ratio) {
      return SizeNegotiator.sizeAt(ratio.value(), classes.get(cls) * MEGAPIXEL, multiple);
    }

    @Override
    public PixelSize defaultSize() {
      return defaultClass == null || defaultRatio == null
          ? null
          : pixelsFor(defaultClass, defaultRatio);
    }

    @Override
    public String kind() {
      return "resolution";
    }

    @Override
    public String describe() {
      return "resolutions "
          + String.join(", ", classes.keySet())
          + " with aspect ratios "
          + String.join(", ", ratios.stream().map(AspectRatio::toString).toList());
    }

    @Override
    public List<Option> options(boolean scaleRequested) {
      String why = "the model takes " + describe();
      List<Option> out = new ArrayList<>();
      for (AspectRatio ratio : ratios) {
        for (String cls : classes.keySet()) {
          out.add(
              new Option(
                  new SizeChoice.Resolution(cls, ratio, pixelsFor(cls, ratio)),
                  ratio.value(),
                  why));
        }
      }
      return out;
    }
  }

  /**
   * The model takes no size parameter.
   *
   * @param defaultSize what it produces, or {@code null} when unknown
   */
  record NoSize(PixelSize defaultSize) implements SizeCapability {
    @Override
    public String kind() {
      return "none";
    }

    @Override
    public String describe() {
      return "no size parameter" + (defaultSize == null ? "" : " (produces " + defaultSize + ")");
    }

    @Override
    public List<Option> options(boolean scaleRequested) {
      return List.of(
          Option.of(
              new SizeChoice.ModelDefault(defaultSize),
              defaultSize == null
                  ? "the model takes no size parameter; its default is used"
                  : "the model takes no size parameter; it always produces " + defaultSize));
    }
  }
}
