package io.genport.core.domain.negotiation;

import java.math.BigInteger;

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
    return wrap(seed, 0);
  }

  /**
   * Maps {@code seed + offset}, computed without overflow, into {@code [min, max]} by wrapping
   * around. Used to derive the seeds of split calls near the top of a range.
   */
  public long wrap(long seed, long offset) {
    long sum = seed + offset;
    boolean overflow = ((seed ^ sum) & (offset ^ sum)) < 0;
    if (!overflow && inRange(sum)) {
      return sum;
    }
    // Ranges as wide as 0..2^63-1 (Fooocus) make max - min + 1 overflow a long; compute exactly.
    BigInteger lo = BigInteger.valueOf(min);
    BigInteger span = BigInteger.valueOf(max).subtract(lo).add(BigInteger.ONE);
    BigInteger value = BigInteger.valueOf(seed).add(BigInteger.valueOf(offset));
    return value.subtract(lo).mod(span).add(lo).longValueExact();
  }
}
