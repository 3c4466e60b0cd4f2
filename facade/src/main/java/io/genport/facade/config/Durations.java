package io.genport.facade.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them, read the same way in {@code genport.yaml} and on the command
 * line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a plain number of seconds ({@code 30},
 * {@code 0.5}) or ISO-8601 ({@code PT30S}).
 */
public final class Durations {
  /** What an error message offers as examples. */
  public static final String EXAMPLES = "500ms, 30s, 2m, 1h, 0.5 (seconds) or PT30S";

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private Durations() {}

  /** {@code text} as a duration, or empty when it is none of the accepted forms. */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    Matcher m = SIMPLE.matcher(s);
    if (m.matches()) {
      return Optional.of(ofUnits(Double.parseDouble(m.group(1)), m.group(2)));
    }
    try {
      return Optional.of(Duration.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code seconds} (a number, possibly fractional) as a duration, to the millisecond. */
  public static Duration ofSeconds(double seconds) {
    return ofUnits(seconds, "s");
  }

  private static Duration ofUnits(double value, String unit) {
    double millis =
        switch (unit == null ? "s" : unit) {
          case "ms" -> 1;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 1000;
        };
    return Duration.ofMillis(Math.round(value * millis));
  }
}
