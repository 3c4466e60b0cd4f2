package io.genport.bootstrap.cli;

import io.genport.facade.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration option the way {@code genport.yaml} reads one: 30s, 2m, 0.5, PT1M. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d =
        Durations.parse(value)
            .orElseThrow(
                () ->
                    new TypeConversionException(
                        "'" + value + "' is not a duration; use e.g. " + Durations.EXAMPLES));
    if (d.isZero() || d.isNegative()) {
      throw new TypeConversionException("'" + value + "' must be more than zero");
    }
    return d;
  }
}
