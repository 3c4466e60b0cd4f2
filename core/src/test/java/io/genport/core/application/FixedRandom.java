package io.genport.core.application;

import java.util.random.RandomGenerator;

/** A random source whose {@link #nextDouble()} returns a chosen value. */
final class FixedRandom implements RandomGenerator {
  private volatile double value;

  FixedRandom(double value) {
    set(value);
  }

  void set(double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException("value must be in [0, 1)");
    }
    this.value = value;
  }

  @Override
  public double nextDouble() {
    return value;
  }

  @Override
  public long nextLong() {
    return (long) (value * Long.MAX_VALUE);
  }
}
