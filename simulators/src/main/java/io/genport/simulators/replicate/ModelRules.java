package io.genport.simulators.replicate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the simulated model of a Replicate prediction (or of a Cog server) reads its input: which
 * size parameters it takes, which values it accepts, how many outputs, which formats. Immutable;
 * {@link #toBuilder()} starts a changed copy.
 *
 * <p>{@link #flux()} (the default for every model) is the FLUX schema of seed 001 and of
 * black-forest-labs/flux-schnell: {@code aspect_ratio} one of eleven ratios, each rendered at about
 * one megapixel with the pixel sizes of replicate/cog-flux ({@code 16:9} is 1344x768), {@code
 * custom} with {@code width}/{@code height} in 256..1440 rounded to the nearest multiple of 16,
 * {@code megapixels} {@code "1"} or {@code "0.25"} (each side halved), {@code num_outputs} 1..4,
 * {@code output_format} webp/jpg/png (default webp), a required {@code prompt}. {@link
 * #dimensions(int, int, int, int)} is the SDXL-style schema: free {@code width}/{@code height}.
 *
 * <p>The cog-flux pixel table is recalled from replicate/cog-flux {@code predict.py}, not verified
 * against a live prediction [INFERRED]; ratios outside the table are rendered at one megapixel with
 * both sides rounded to multiples of 16.
 */
public final class ModelRules {
  /** How the model takes its size. */
  public enum SizeMode {
    /** {@code aspect_ratio} (with {@code custom} plus width/height when allowed), FLUX style. */
    ASPECT_RATIO,
    /** Free {@code width} and {@code height}; {@code aspect_ratio} is ignored. */
    DIMENSIONS,
    /**
     * One parameter whose values name pixel sizes (recraft-v3's {@code size} "1365x1024", Fooocus's
     * {@code aspect_ratios_selection} "1152*896"); any other value is refused.
     */
    LABELS
  }

  private static final Map<String, int[]> FLUX_SIZES = fluxSizes();

  private final SizeMode sizeMode;
  private final Map<String, int[]> ratioSizes;
  private final String defaultAspectRatio;
  private final boolean custom;
  private final int minSide;
  private final int maxSide;
  private final int multiple;
  private final int defaultWidth;
  private final int defaultHeight;
  private final int maxOutputs;
  private final Set<String> formats;
  private final String defaultFormat;
  private final boolean promptRequired;
  private final boolean safetyCheckerDefaultOn;
  private final boolean singleOutput;
  private final String labelParam;
  private final Map<String, int[]> labels;
  private final String defaultLabel;

  private ModelRules(Builder b) {
    this.sizeMode = b.sizeMode;
    this.ratioSizes = b.ratioSizes;
    this.defaultAspectRatio = b.defaultAspectRatio;
    this.custom = b.custom;
    this.minSide = b.minSide;
    this.maxSide = b.maxSide;
    this.multiple = b.multiple;
    this.defaultWidth = b.defaultWidth;
    this.defaultHeight = b.defaultHeight;
    this.maxOutputs = b.maxOutputs;
    this.formats = b.formats;
    this.defaultFormat = b.defaultFormat;
    this.promptRequired = b.promptRequired;
    this.safetyCheckerDefaultOn = b.safetyCheckerDefaultOn;
    this.singleOutput = b.singleOutput;
    this.labelParam = b.labelParam;
    this.labels = b.labels;
    this.defaultLabel = b.defaultLabel;
  }

  /** The FLUX schema of seed 001 (see the class comment). */
  public static ModelRules flux() {
    return new Builder().build();
  }

  /**
   * Free width/height in {@code min..max} (taken as given when a multiple of {@code multiple}, else
   * rounded to the nearest one), default {@code defaultSide x defaultSide}.
   */
  public static ModelRules dimensions(int min, int max, int multiple, int defaultSide) {
    return flux().toBuilder()
        .sizeMode(SizeMode.DIMENSIONS)
        .sideRange(min, max, multiple)
        .defaultSize(defaultSide, defaultSide)
        .build();
  }

  /** A builder starting from these rules. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds {@link ModelRules}, starting from {@link #flux()}; each setter changes one aspect and
   * checks it.
   */
  public static final class Builder {
    private SizeMode sizeMode = SizeMode.ASPECT_RATIO;
    private Map<String, int[]> ratioSizes = FLUX_SIZES;
    private String defaultAspectRatio = "1:1";
    private boolean custom = true;
    private int minSide = 256;
    private int maxSide = 1440;
    private int multiple = 16;
    private int defaultWidth = 1024;
    private int defaultHeight = 1024;
    private int maxOutputs = 4;
    private Set<String> formats = Set.of("webp", "jpg", "png");
    private String defaultFormat = "webp";
    private boolean promptRequired = true;
    private boolean safetyCheckerDefaultOn = true;
    private boolean singleOutput;
    private String labelParam;
    private Map<String, int[]> labels = Map.of();
    private String defaultLabel;

    private Builder() {}

    private Builder(ModelRules r) {
      sizeMode = r.sizeMode;
      ratioSizes = r.ratioSizes;
      defaultAspectRatio = r.defaultAspectRatio;
      custom = r.custom;
      minSide = r.minSide;
      maxSide = r.maxSide;
      multiple = r.multiple;
      defaultWidth = r.defaultWidth;
      defaultHeight = r.defaultHeight;
      maxOutputs = r.maxOutputs;
      formats = r.formats;
      defaultFormat = r.defaultFormat;
      promptRequired = r.promptRequired;
      safetyCheckerDefaultOn = r.safetyCheckerDefaultOn;
      singleOutput = r.singleOutput;
      labelParam = r.labelParam;
      labels = r.labels;
      defaultLabel = r.defaultLabel;
    }

    /** How the model takes its size. */
    public Builder sizeMode(SizeMode mode) {
      this.sizeMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Exactly these ratios (rendered at about one megapixel, from the cog-flux table where it has
     * them), the first being the default.
     */
    public Builder aspectRatios(List<String> ratios) {
      if (ratios.isEmpty()) {
        throw new IllegalArgumentException("at least one ratio");
      }
      Map<String, int[]> m = new LinkedHashMap<>();
      for (String r : ratios) {
        m.put(r, FLUX_SIZES.containsKey(r) ? FLUX_SIZES.get(r) : atOneMegapixel(r));
      }
      this.ratioSizes = Collections.unmodifiableMap(m);
      this.defaultAspectRatio = ratios.get(0);
      return this;
    }

    /**
     * {@link SizeMode#LABELS}: {@code param} takes exactly these values, each naming its pixel
     * size, the first being the default.
     */
    public Builder sizeLabels(String param, Map<String, int[]> sizes) {
      if (sizes.isEmpty()) {
        throw new IllegalArgumentException("at least one size label");
      }
      Map<String, int[]> m = new LinkedHashMap<>();
      sizes.forEach(
          (label, px) -> {
            if (px.length != 2 || px[0] < 1 || px[1] < 1) {
              throw new IllegalArgumentException(label + ": a size is a positive width and height");
            }
            m.put(label, px.clone());
          });
      this.sizeMode = SizeMode.LABELS;
      this.labelParam = Objects.requireNonNull(param, "param");
      this.labels = Collections.unmodifiableMap(m);
      this.defaultLabel = m.keySet().iterator().next();
      return this;
    }

    /** With or without the {@code custom} aspect ratio. */
    public Builder customSize(boolean allowed) {
      this.custom = allowed;
      return this;
    }

    /** The width/height range and rounding multiple. */
    public Builder sideRange(int min, int max, int roundTo) {
      if (min < 1 || max < min || roundTo < 1) {
        throw new IllegalArgumentException("need 1 <= min <= max and multiple >= 1");
      }
      this.minSide = min;
      this.maxSide = max;
      this.multiple = roundTo;
      return this;
    }

    /** The default size for {@link SizeMode#DIMENSIONS}. */
    public Builder defaultSize(int width, int height) {
      this.defaultWidth = width;
      this.defaultHeight = height;
      return this;
    }

    /** The largest {@code num_outputs}. */
    public Builder maxOutputs(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max outputs >= 1");
      }
      this.maxOutputs = max;
      return this;
    }

    /** The accepted {@code output_format} spellings, the first being the default. */
    public Builder formats(List<String> spellings) {
      if (spellings.isEmpty()) {
        throw new IllegalArgumentException("at least one format");
      }
      this.formats = Collections.unmodifiableSet(new LinkedHashSet<>(spellings));
      this.defaultFormat = spellings.get(0);
      return this;
    }

    /** A {@code prompt} that is optional (an empty prompt renders a picture too). */
    public Builder optionalPrompt() {
      this.promptRequired = false;
      return this;
    }

    /** A safety checker that is off unless {@code disable_safety_checker} is false. */
    public Builder safetyCheckerOffByDefault() {
      this.safetyCheckerDefaultOn = false;
      return this;
    }

    /**
     * An output that is one URI string instead of an array (as luma/photon and many Cog models
     * declare), with {@code num_outputs} fixed at 1.
     */
    public Builder singleOutput() {
      this.singleOutput = true;
      this.maxOutputs = 1;
      return this;
    }

    public ModelRules build() {
      return new ModelRules(this);
    }
  }

  /** How the size is taken. */
  public SizeMode sizeMode() {
    return sizeMode;
  }

  /** The accepted aspect ratios, in order. */
  public List<String> aspectRatios() {
    return List.copyOf(ratioSizes.keySet());
  }

  /** The ratio used when none is sent. */
  public String defaultAspectRatio() {
    return defaultAspectRatio;
  }

  /** Whether {@code aspect_ratio=custom} is accepted. */
  public boolean customSize() {
    return custom;
  }

  /** Smallest width or height. */
  public int minSide() {
    return minSide;
  }

  /** Largest width or height. */
  public int maxSide() {
    return maxSide;
  }

  /** Sides are rounded to the nearest multiple of this. */
  public int multiple() {
    return multiple;
  }

  /** Largest {@code num_outputs}. */
  public int maxOutputs() {
    return maxOutputs;
  }

  /** Accepted {@code output_format} spellings. */
  public Set<String> formats() {
    return formats;
  }

  /** The format used when none is sent. */
  public String defaultFormat() {
    return defaultFormat;
  }

  /** Whether {@code prompt} is required. */
  public boolean promptRequired() {
    return promptRequired;
  }

  /** Whether the output is a single string rather than an array. */
  public boolean singleOutput() {
    return singleOutput;
  }

  /** Whether the safety checker runs when {@code disable_safety_checker} is not sent. */
  public boolean safetyCheckerDefaultOn() {
    return safetyCheckerDefaultOn;
  }

  /** The size parameter of {@link SizeMode#LABELS}, or {@code null}. */
  String labelParam() {
    return labelParam;
  }

  /** The accepted size labels of {@link SizeMode#LABELS}, in order. */
  List<String> sizeLabels() {
    return List.copyOf(labels.keySet());
  }

  /** The label used when none is sent ({@link SizeMode#LABELS}). */
  String defaultLabel() {
    return defaultLabel;
  }

  /** The pixel size a label names, or {@code null} when it is not one of the labels. */
  int[] labelSize(String label) {
    int[] s = labels.get(label);
    return s == null ? null : s.clone();
  }

  int defaultWidth() {
    return defaultWidth;
  }

  int defaultHeight() {
    return defaultHeight;
  }

  /** The pixel size of {@code ratio} at one megapixel, or {@code null} when it is not accepted. */
  int[] sizeOf(String ratio) {
    int[] s = ratioSizes.get(ratio);
    return s == null ? null : s.clone();
  }

  /** {@code value} rounded to the nearest multiple (halves round up). */
  int round(int value) {
    return Math.max(multiple, Math.round(value / (float) multiple) * multiple);
  }

  static int[] atOneMegapixel(String ratio) {
    String[] p = ratio.split(":");
    double r = Double.parseDouble(p[0]) / Double.parseDouble(p[1]);
    double pixels = 1024.0 * 1024.0;
    int w = (int) Math.max(16, Math.round(Math.sqrt(pixels * r) / 16) * 16);
    int h = (int) Math.max(16, Math.round(Math.sqrt(pixels / r) / 16) * 16);
    return new int[] {w, h};
  }

  private static Map<String, int[]> fluxSizes() {
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("1:1", new int[] {1024, 1024});
    m.put("16:9", new int[] {1344, 768});
    m.put("21:9", new int[] {1536, 640});
    m.put("3:2", new int[] {1216, 832});
    m.put("2:3", new int[] {832, 1216});
    m.put("4:5", new int[] {896, 1088});
    m.put("5:4", new int[] {1088, 896});
    m.put("3:4", new int[] {896, 1152});
    m.put("4:3", new int[] {1152, 896});
    m.put("9:16", new int[] {768, 1344});
    m.put("9:21", new int[] {640, 1536});
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return "ModelRules["
        + sizeMode
        + ", ratios "
        + ratioSizes.keySet()
        + (custom ? " + custom " + minSide + ".." + maxSide + "/" + multiple : "")
        + ", outputs <= "
        + maxOutputs
        + ", formats "
        + formats
        + "]";
  }
}
