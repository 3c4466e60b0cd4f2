package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.SafetyLevel;
import java.util.EnumSet;
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
    boolean mask) {

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
