package io.genport.core.domain.negotiation;

import io.genport.core.domain.PixelSize;
import java.util.List;
import java.util.TreeSet;

/**
 * Constraints on free width and height. Each side comes from a grid: either every multiple of
 * {@code multiple} in {@code [min, max]}, or exactly the listed {@code sides} (a model whose width
 * and height are enumerations, such as Kandinsky 2.2's 384, 512, ... 2048). Optionally the total
 * pixel count lies in {@code [minPixels, maxPixels]} and the width/height ratio in {@code
 * [minRatio, maxRatio]}.
 *
 * <p>Build with {@link #of}, {@link #listed} and the {@code with} methods; the canonical
 * constructor rejects a combination no model can have (listed sides with a multiple, a minimum
 * pixel count above the maximum, a grid without a side).
 *
 * @param min smallest width or height, at least 1
 * @param max largest width or height, at least {@code min}
 * @param multiple both sides are multiples of this, at least 1; 1 when {@code sides} is given
 * @param sides the only allowed side values, ascending; empty for the multiples grid. When given,
 *     {@code min} and {@code max} are its first and last
 * @param minPixels floor on width x height, or 0 for none
 * @param maxPixels cap on width x height, or 0 for none
 * @param minRatio smallest width/height ratio, or 0 for none
 * @param maxRatio largest width/height ratio, or 0 for none
 */
public record DimensionRule(
    int min,
    int max,
    int multiple,
    List<Integer> sides,
    long minPixels,
    long maxPixels,
    double minRatio,
    double maxRatio) {
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
    sides = sides == null ? List.of() : List.copyOf(sides);
    if (!sides.isEmpty()) {
      if (!sides.equals(List.copyOf(new TreeSet<>(sides)))) {
        throw new IllegalArgumentException("sides must be ascending and distinct: " + sides);
      }
      if (multiple != 1 || min != sides.get(0) || max != sides.get(sides.size() - 1)) {
        throw new IllegalArgumentException(
            "listed sides take no multiple, and min and max are the first and last side");
      }
    } else if (lowest(min, multiple) > highest(max, multiple)) {
      throw new IllegalArgumentException(
          "no multiple of " + multiple + " lies between " + min + " and " + max);
    }
    if (minPixels < 0
        || maxPixels < 0
        || (maxPixels > 0 && minPixels > maxPixels)
        || minRatio < 0
        || maxRatio < 0
        || (maxRatio > 0 && minRatio > maxRatio)) {
      throw new IllegalArgumentException("invalid pixel range or ratio range");
    }
    if (!sides.isEmpty()
        && !anyListedSizeAllowed(sides, minPixels, maxPixels, minRatio, maxRatio)) {
      throw new IllegalArgumentException(
          "no pair of the listed sides meets the pixel and ratio ranges");
    }
    if (sides.isEmpty() && (long) highest(max, multiple) * highest(max, multiple) < minPixels) {
      throw new IllegalArgumentException("the largest sides stay below " + minPixels + " pixels");
    }
  }

  private static boolean anyListedSizeAllowed(
      List<Integer> sides, long minPixels, long maxPixels, double minRatio, double maxRatio) {
    for (int w : sides) {
      for (int h : sides) {
        long px = (long) w * h;
        double r = (double) w / h;
        if (px >= minPixels
            && (maxPixels == 0 || px <= maxPixels)
            && (minRatio == 0 || r >= minRatio - 1e-9)
            && (maxRatio == 0 || r <= maxRatio + 1e-9)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Width and height in {@code [min, max]}, multiples of {@code multiple}, nothing else. */
  public static DimensionRule of(int min, int max, int multiple) {
    return new DimensionRule(min, max, multiple, List.of(), 0, 0, 0, 0);
  }

  /** Width and height each one of {@code sides} (any order), nothing else. */
  public static DimensionRule listed(List<Integer> sides) {
    if (sides.isEmpty() || sides.get(0) == null) {
      throw new IllegalArgumentException("at least one side is needed");
    }
    List<Integer> sorted = List.copyOf(new TreeSet<>(sides));
    return new DimensionRule(sorted.get(0), sorted.get(sorted.size() - 1), 1, sorted, 0, 0, 0, 0);
  }

  /** A copy whose width x height lies in {@code [minPixels, maxPixels]} (0 for no bound). */
  public DimensionRule withPixels(long minPixels, long maxPixels) {
    return new DimensionRule(min, max, multiple, sides, minPixels, maxPixels, minRatio, maxRatio);
  }

  /** A copy whose width/height lies in {@code [minRatio, maxRatio]} (0 for no bound). */
  public DimensionRule withRatios(double minRatio, double maxRatio) {
    return new DimensionRule(min, max, multiple, sides, minPixels, maxPixels, minRatio, maxRatio);
  }

  /** Whether the sides are a list of values rather than a grid of multiples. */
  public boolean listedSides() {
    return !sides.isEmpty();
  }

  /** The smallest allowed side. */
  public int lowestSide() {
    return listedSides() ? min : lowest(min, multiple);
  }

  /** The largest allowed side. */
  public int highestSide() {
    return listedSides() ? max : highest(max, multiple);
  }

  /** Whether {@code size} satisfies every constraint. */
  public boolean allows(PixelSize size) {
    return fitsSide(size.width())
        && fitsSide(size.height())
        && size.pixels() >= minPixels
        && (maxPixels == 0 || size.pixels() <= maxPixels)
        && (minRatio == 0 || size.ratio() >= minRatio - 1e-9)
        && (maxRatio == 0 || size.ratio() <= maxRatio + 1e-9);
  }

  /** Whether {@code side} is an allowed width or height. */
  public boolean fitsSide(int side) {
    return listedSides()
        ? sides.contains(side)
        : side >= min && side <= max && side % multiple == 0;
  }

  /**
   * The allowed side nearest to {@code v}; halfway between two, the larger one. Values beyond the
   * grid give its end.
   */
  public int nearestSide(double v) {
    if (!listedSides()) {
      long r = Math.round(v / multiple) * multiple;
      int rounded = (int) Math.min(Integer.MAX_VALUE, Math.max(multiple, r));
      return Math.max(lowestSide(), Math.min(highestSide(), rounded));
    }
    int best = sides.get(0);
    for (int s : sides) {
      if (Math.abs(s - v) <= Math.abs(best - v)) {
        best = s;
      }
    }
    return best;
  }

  /** The allowed sides just below and just above {@code v} (one when they coincide). */
  public List<Integer> sidesAround(double v) {
    int below;
    int above;
    if (listedSides()) {
      below = sides.get(0);
      above = sides.get(sides.size() - 1);
      for (int s : sides) {
        if (s <= v) {
          below = s;
        }
      }
      for (int i = sides.size() - 1; i >= 0; i--) {
        if (sides.get(i) >= v) {
          above = sides.get(i);
        }
      }
    } else {
      below = clampSide((int) (Math.floor(v / multiple) * multiple));
      above = clampSide((int) (Math.ceil(v / multiple) * multiple));
    }
    return below == above ? List.of(below) : List.of(below, above);
  }

  /** The next allowed side below {@code side}, or 0 when there is none. */
  public int sideBelow(int side) {
    if (listedSides()) {
      int below = 0;
      for (int s : sides) {
        if (s < side) {
          below = s;
        }
      }
      return below;
    }
    return side - multiple >= lowestSide() ? side - multiple : 0;
  }

  /** The next allowed side above {@code side}, or 0 when there is none. */
  public int sideAbove(int side) {
    if (listedSides()) {
      for (int s : sides) {
        if (s > side) {
          return s;
        }
      }
      return 0;
    }
    return side + multiple <= highestSide() ? side + multiple : 0;
  }

  private int clampSide(int v) {
    return Math.max(lowestSide(), Math.min(highestSide(), v));
  }

  /**
   * The rule in words, as {@code genport models} shows it: {@code 64..2048 in steps of 16, at most
   * 4194304 pixels, ratio 0.250..4.00}.
   */
  public String describe() {
    String grid =
        listedSides()
            ? "sides " + sides.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).get()
            : min + ".." + max + (multiple > 1 ? " in steps of " + multiple : "");
    return grid
        + (minPixels > 0 ? ", at least " + minPixels + " pixels" : "")
        + (maxPixels > 0 ? ", at most " + maxPixels + " pixels" : "")
        + (minRatio > 0 || maxRatio > 0
            ? ", ratio " + ratio(minRatio) + ".." + ratio(maxRatio)
            : "");
  }

  private static String ratio(double d) {
    return d == 0 ? "any" : String.format(java.util.Locale.ROOT, "%.3g", d);
  }

  private static int lowest(int min, int multiple) {
    return ((min + multiple - 1) / multiple) * multiple;
  }

  private static int highest(int max, int multiple) {
    return (max / multiple) * multiple;
  }
}
