package io.genport.core.domain.negotiation;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.PixelSize;
import java.util.Locale;

/**
 * A per-call image maximum that applies only to large images, a rule between count and size that
 * some vendors have (Leonardo: 1..8 images, but at most 4 when a side exceeds 768 pixels). {@link
 * RequestNegotiator} splits the count by the maximum that holds at the negotiated size.
 *
 * @param measure what is compared with {@code above}
 * @param above the threshold; the limit applies when the measure exceeds it (strictly), at least 1
 * @param max the most images one call returns then, at least 1
 */
public record CountLimit(Measure measure, long above, int max) {

  /** What a size is measured by. */
  public enum Measure {
    /** The longer side, in pixels. */
    SIDE,
    /** Width times height. */
    PIXELS
  }

  public CountLimit {
    requireNonNull(measure, "measure is null");
    if (above < 1 || max < 1) {
      throw new IllegalArgumentException(
          "a count limit needs above >= 1 and max >= 1, was above=" + above + " max=" + max);
    }
  }

  /** At most {@code max} images per call when a side exceeds {@code side} pixels. */
  public static CountLimit aboveSide(int side, int max) {
    return new CountLimit(Measure.SIDE, side, max);
  }

  /** At most {@code max} images per call when width times height exceeds {@code pixels}. */
  public static CountLimit abovePixels(long pixels, int max) {
    return new CountLimit(Measure.PIXELS, pixels, max);
  }

  /** Whether the limit holds for an image of {@code size}. */
  public boolean appliesTo(PixelSize size) {
    long measured = measure == Measure.SIDE ? Math.max(size.width(), size.height()) : size.pixels();
    return measured > above;
  }

  /** The condition in words, e.g. {@code "when a side exceeds 768 px"}. */
  public String condition() {
    return measure == Measure.SIDE
        ? "when a side exceeds " + above + " px"
        : "above " + String.format(Locale.ROOT, "%,d", above) + " pixels";
  }

  @Override
  public String toString() {
    return max + " " + condition();
  }
}
