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

  /** Whether {@code seed} is the value this model reads as "random". */
  public boolean isRandomSentinel(long seed) {
    return randomSentinel != null && randomSentinel == seed;
  }

  /**
   * Maps {@code seed} onto a seed the model accepts and reads as itself: identity for an in-range
   * seed that is not the {@link #randomSentinel()}; otherwise it wraps around the range (past the
   * end back to {@code min}), skipping a sentinel that lies inside the range (Stability reads 0 as
   * "random"), so a wrapped seed is never sent as "random".
   */
  public long wrap(long seed) {
    if (inRange(seed) && !isRandomSentinel(seed)) {
      return seed;
    }
    BigInteger usable = usableCount();
    return usable.signum() == 0 ? seed : valueAt(indexOf(seed).mod(usable));
  }

  /**
   * The seed {@code steps} usable seeds after {@code seed} (wrapped first), wrapping around the
   * range and skipping the random sentinel. While the range has room, different {@code steps} give
   * different seeds; without a sentinel inside the range this is {@code wrap(seed + steps)}.
   */
  public long advance(long seed, long steps) {
    long start = wrap(seed);
    BigInteger usable = usableCount();
    if (usable.signum() == 0) {
      return start;
    }
    return valueAt(indexOf(start).add(BigInteger.valueOf(steps)).mod(usable));
  }

  private boolean sentinelInRange() {
    return randomSentinel != null && inRange(randomSentinel);
  }

  /** How many seeds the model accepts and reads as themselves. */
  private BigInteger usableCount() {
    BigInteger span = BigInteger.valueOf(max).subtract(BigInteger.valueOf(min)).add(BigInteger.ONE);
    return sentinelInRange() ? span.subtract(BigInteger.ONE) : span;
  }

  /** The position of {@code seed} among the usable seeds, extended linearly outside the range. */
  private BigInteger indexOf(long seed) {
    BigInteger i = BigInteger.valueOf(seed).subtract(BigInteger.valueOf(min));
    return sentinelInRange() && seed > randomSentinel ? i.subtract(BigInteger.ONE) : i;
  }

  /** The usable seed at {@code index}, {@code 0 <= index < usableCount()}. */
  private long valueAt(BigInteger index) {
    long v = BigInteger.valueOf(min).add(index).longValueExact();
    return sentinelInRange() && v >= randomSentinel ? v + 1 : v;
  }
}
