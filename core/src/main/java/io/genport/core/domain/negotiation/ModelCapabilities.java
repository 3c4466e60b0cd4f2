package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.SafetyLevel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one model can do, in canonical terms. Providers derive it from their catalog; {@link
 * RequestNegotiator} plans against it, and it is the only thing the negotiator looks at: every
 * limit a value must be fitted to is expressed here, so a request is fitted once. Build one with
 * {@link #builder}, which leaves every capability not set at "cannot be set".
 *
 * @param size how the model takes a size
 * @param maxImagesPerCall most images one call returns, at least 1
 * @param seed how the model takes a seed
 * @param safetyLevels the canonical safety levels the model can express; empty when it has no
 *     safety setting
 * @param formats the formats the model can be asked for; empty when it has no format setting
 * @param quality accepted encoder quality range, or {@code null} when quality cannot be set
 * @param negativePrompt whether a negative prompt is accepted
 * @param steps accepted steps range, or {@code null} when steps cannot be set
 * @param guidance accepted guidance range, or {@code null} when guidance cannot be set
 * @param maxReferenceImages most reference images accepted, 0 for text-to-image only
 * @param mask whether an inpainting mask is accepted
 * @param countLimits smaller per-call maximums for large images (each below {@code
 *     maxImagesPerCall}); empty when the maximum does not depend on the size
 */
public record ModelCapabilities(
    SizeCapability size,
    int maxImagesPerCall,
    SeedSpec seed,
    Set<SafetyLevel> safetyLevels,
    Set<ImageFormat> formats,
    Range quality,
    boolean negativePrompt,
    Range steps,
    Range guidance,
    int maxReferenceImages,
    boolean mask,
    List<CountLimit> countLimits) {

  public ModelCapabilities {
    requireNonNull(size, "size is null");
    requireNonNull(seed, "seed is null");
    if (maxImagesPerCall < 1) {
      throw new IllegalArgumentException("maxImagesPerCall must be at least 1");
    }
    safetyLevels = safetyLevels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(safetyLevels));
    formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
    if (maxReferenceImages < 0) {
      throw new IllegalArgumentException("maxReferenceImages must not be negative");
    }
    countLimits = List.copyOf(countLimits);
    for (CountLimit l : countLimits) {
      if (l.max() >= maxImagesPerCall) {
        throw new IllegalArgumentException(
            "count limit " + l + " is not below maxImagesPerCall " + maxImagesPerCall);
      }
    }
  }

  /** Capabilities whose per-call maximum does not depend on the size. */
  public ModelCapabilities(
      SizeCapability size,
      int maxImagesPerCall,
      SeedSpec seed,
      Set<SafetyLevel> safetyLevels,
      Set<ImageFormat> formats,
      Range quality,
      boolean negativePrompt,
      Range steps,
      Range guidance,
      int maxReferenceImages,
      boolean mask) {
    this(
        size,
        maxImagesPerCall,
        seed,
        safetyLevels,
        formats,
        quality,
        negativePrompt,
        steps,
        guidance,
        maxReferenceImages,
        mask,
        List.of());
  }

  /**
   * The most images one call returns at {@code size}: {@link #maxImagesPerCall()}, or the smallest
   * {@linkplain #countLimits() count limit} that applies. When the size is not known before the
   * call ({@code null}), every limit is assumed to apply, since a call that asks for too many
   * images fails while a smaller one only costs another call.
   */
  public int maxImagesPerCall(PixelSize size) {
    int most = maxImagesPerCall;
    for (CountLimit l : countLimits) {
      if (size == null || l.appliesTo(size)) {
        most = Math.min(most, l.max());
      }
    }
    return most;
  }

  /** A builder for a model that takes sizes as {@code size} says and nothing else yet. */
  public static Builder builder(SizeCapability size) {
    return new Builder(size);
  }

  /**
   * Builds {@link ModelCapabilities}. Defaults: one image per call at any size, no seed, no safety
   * or format setting, no quality, steps or guidance, no negative prompt, no reference images, no
   * mask.
   */
  public static final class Builder {
    private final SizeCapability size;
    private int maxImagesPerCall = 1;
    private SeedSpec seed = SeedSpec.none();
    private Set<SafetyLevel> safetyLevels = Set.of();
    private Set<ImageFormat> formats = Set.of();
    private Range quality;
    private boolean negativePrompt;
    private Range steps;
    private Range guidance;
    private int maxReferenceImages;
    private boolean mask;
    private List<CountLimit> countLimits = List.of();

    private Builder(SizeCapability size) {
      this.size = requireNonNull(size, "size is null");
    }

    /** The most images one call returns. */
    public Builder maxImagesPerCall(int max) {
      this.maxImagesPerCall = max;
      return this;
    }

    /** How the model takes a seed. */
    public Builder seed(SeedSpec seed) {
      this.seed = seed;
      return this;
    }

    /** The safety levels the model can express. */
    public Builder safetyLevels(Set<SafetyLevel> levels) {
      this.safetyLevels = levels;
      return this;
    }

    /** The formats the model can be asked for. */
    public Builder formats(Set<ImageFormat> formats) {
      this.formats = formats;
      return this;
    }

    /** The accepted encoder quality, or {@code null} when it cannot be set. */
    public Builder quality(Range quality) {
      this.quality = quality;
      return this;
    }

    /** Whether a negative prompt is accepted. */
    public Builder negativePrompt(boolean accepted) {
      this.negativePrompt = accepted;
      return this;
    }

    /** The accepted steps, or {@code null} when steps cannot be set. */
    public Builder steps(Range steps) {
      this.steps = steps;
      return this;
    }

    /** The accepted guidance, or {@code null} when guidance cannot be set. */
    public Builder guidance(Range guidance) {
      this.guidance = guidance;
      return this;
    }

    /** The most reference images accepted. */
    public Builder maxReferenceImages(int max) {
      this.maxReferenceImages = max;
      return this;
    }

    /** Whether an inpainting mask is accepted. */
    public Builder mask(boolean accepted) {
      this.mask = accepted;
      return this;
    }

    /** Smaller per-call maximums for large images, each below {@link #maxImagesPerCall}. */
    public Builder countLimits(List<CountLimit> limits) {
      this.countLimits = limits;
      return this;
    }

    public ModelCapabilities build() {
      return new ModelCapabilities(
          size,
          maxImagesPerCall,
          seed,
          safetyLevels,
          formats,
          quality,
          negativePrompt,
          steps,
          guidance,
          maxReferenceImages,
          mask,
          countLimits);
    }
  }

  /**
   * A closed numeric range, optionally of whole numbers only.
   *
   * @param min lower bound
   * @param max upper bound, at least {@code min}
   * @param wholeNumbers whether only whole numbers are accepted (an integer-typed parameter); then
   *     at least one whole number lies in the range
   */
  public record Range(double min, double max, boolean wholeNumbers) {
    public Range {
      if (!(max >= min)) {
        throw new IllegalArgumentException("range max " + max + " is below min " + min);
      }
      if (wholeNumbers && Math.ceil(min) > Math.floor(max)) {
        throw new IllegalArgumentException("no whole number lies in " + fmt(min) + ".." + fmt(max));
      }
    }

    /** Any number in {@code [min, max]}. */
    public Range(double min, double max) {
      this(min, max, false);
    }

    /** Whole numbers in {@code [min, max]}. */
    public static Range wholeNumbers(double min, double max) {
      return new Range(min, max, true);
    }

    /** Whether {@code v} lies in the range (whole or not). */
    public boolean contains(double v) {
      return v >= min && v <= max;
    }

    public double clamp(double v) {
      return Math.max(min, Math.min(max, v));
    }

    /**
     * The accepted value nearest to {@code v}: clamped into the range and, for whole numbers,
     * rounded half up, staying inside the range.
     */
    public double fit(double v) {
      double c = clamp(v);
      if (!wholeNumbers || c == Math.rint(c)) {
        return c;
      }
      double rounded = Math.floor(c + 0.5);
      return Math.max(Math.ceil(min), Math.min(Math.floor(max), rounded));
    }

    @Override
    public String toString() {
      return fmt(min) + ".." + fmt(max);
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }
}
