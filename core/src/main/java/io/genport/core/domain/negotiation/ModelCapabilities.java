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
 * RequestNegotiator} plans against it.
 *
 * @param size how the model takes a size
 * @param maxImagesPerCall most images one call returns, at least 1
 * @param seed how the model takes a seed
 * @param safetyLevels the canonical safety levels the model can express; empty when it has no
 *     safety setting
 * @param formats the formats the model can be asked for; empty when it has no format setting
 * @param quality whether an encoder quality can be set
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
    boolean quality,
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
      boolean quality,
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

  /**
   * A closed numeric range.
   *
   * @param min lower bound
   * @param max upper bound, at least {@code min}
   */
  public record Range(double min, double max) {
    public Range {
      if (!(max >= min)) {
        throw new IllegalArgumentException("range max " + max + " is below min " + min);
      }
    }

    public boolean contains(double v) {
      return v >= min && v <= max;
    }

    public double clamp(double v) {
      return Math.max(min, Math.min(max, v));
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
