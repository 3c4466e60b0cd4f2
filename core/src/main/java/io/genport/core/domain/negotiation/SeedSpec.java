package io.genport.core.domain.negotiation;

/**
 * How a model takes a seed.
 *
 * @param type whether it takes one, and in what JSON type
 * @param min smallest accepted seed
 * @param max largest accepted seed, at least {@code min}
 * @param randomSentinel a value the model reads as "random" (Fooocus {@code -1}), or {@code null}
 */
public record SeedSpec(Type type, long min, long max, Long randomSentinel) {
  /** How a seed is carried. */
  public enum Type {
    /** The model takes no seed; results are not reproducible. */
    NONE,
    /** A JSON integer. */
    INTEGER,
    /** A JSON string holding a decimal integer. */
    STRING
  }

  /** The usual unsigned 32-bit range, which every vendor we know accepts. */
  public static final long UINT32_MAX = 4_294_967_295L;

  public SeedSpec {
    java.util.Objects.requireNonNull(type, "type is null");
    if (max < min) {
      throw new IllegalArgumentException("seed max " + max + " is below min " + min);
    }
  }

  public static SeedSpec none() {
    return new SeedSpec(Type.NONE, 0, 0, null);
  }

  public static SeedSpec integer(long min, long max) {
    return new SeedSpec(Type.INTEGER, min, max, null);
  }

  public boolean accepted() {
    return type != Type.NONE;
  }

  public boolean inRange(long seed) {
    return seed >= min && seed <= max;
  }

  /** Maps {@code seed} into {@code [min, max]} by wrapping around; identity when in range. */
  public long wrap(long seed) {
    if (inRange(seed)) {
      return seed;
    }
    // BigInteger-free modular arithmetic: the span fits a long for every realistic range, and
    // floorMod keeps the result non-negative.
    long span = max - min + 1;
    if (span <= 0) {
      return seed;
    }
    return min + Math.floorMod(seed - min, span);
  }
}
