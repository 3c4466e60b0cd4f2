package io.genport.core.domain.negotiation;

import io.genport.core.domain.PixelSize;

/**
 * Constraints on free width and height: each in {@code [min, max]} and a multiple of {@code
 * multiple}; optionally a cap on total pixels and a range of width/height ratios.
 *
 * @param min smallest width or height, at least 1
 * @param max largest width or height, at least {@code min}
 * @param multiple both sides are multiples of this, at least 1
 * @param maxPixels cap on width x height, or 0 for none
 * @param minRatio smallest width/height ratio, or 0 for none
 * @param maxRatio largest width/height ratio, or 0 for none
 */
public record DimensionRule(
    int min, int max, int multiple, long maxPixels, double minRatio, double maxRatio) {
  public DimensionRule {
    if (min < 1 || max < min || multiple < 1) {
      throw new IllegalArgumentException(
          "need 1 <= min <= max and multiple >= 1, was min="
              + min
              + " max="
              + max
              + " multiple="
              + multiple);
    }
    if (lowest(min, multiple) > highest(max, multiple)) {
      throw new IllegalArgumentException(
          "no multiple of " + multiple + " lies between " + min + " and " + max);
    }
    if (maxPixels < 0 || minRatio < 0 || maxRatio < 0 || (maxRatio > 0 && minRatio > maxRatio)) {
      throw new IllegalArgumentException("invalid pixel cap or ratio range");
    }
  }

  /** Width and height in {@code [min, max]}, multiples of {@code multiple}, nothing else. */
  public static DimensionRule of(int min, int max, int multiple) {
    return new DimensionRule(min, max, multiple, 0, 0, 0);
  }

  /** The smallest allowed side. */
  public int lowestSide() {
    return lowest(min, multiple);
  }

  /** The largest allowed side. */
  public int highestSide() {
    return highest(max, multiple);
  }

  /** Whether {@code size} satisfies every constraint. */
  public boolean allows(PixelSize size) {
    return fitsSide(size.width())
        && fitsSide(size.height())
        && (maxPixels == 0 || size.pixels() <= maxPixels)
        && (minRatio == 0 || size.ratio() >= minRatio - 1e-9)
        && (maxRatio == 0 || size.ratio() <= maxRatio + 1e-9);
  }

  private boolean fitsSide(int side) {
    return side >= min && side <= max && side % multiple == 0;
  }

  private static int lowest(int min, int multiple) {
    return ((min + multiple - 1) / multiple) * multiple;
  }

  private static int highest(int max, int multiple) {
    return (max / multiple) * multiple;
  }
}
