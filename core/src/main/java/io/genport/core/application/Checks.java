package io.genport.core.application;

import io.genport.core.domain.InvalidRequestException;
import java.time.Duration;

/** Validation of configuration values; errors name the option the way configuration spells it. */
final class Checks {
  private Checks() {}

  static Duration positive(String field, Duration d) {
    if (d == null) {
      throw new InvalidRequestException(field, "must be set");
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + d);
    }
    return d;
  }

  static Duration notNegative(String field, Duration d) {
    if (d == null) {
      throw new InvalidRequestException(field, "must be set");
    }
    if (d.isNegative()) {
      throw new InvalidRequestException(field, "must not be negative, was " + d);
    }
    return d;
  }

  static int between(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  static double between(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidRequestException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  static <T> T set(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must be set");
    }
    return value;
  }
}
