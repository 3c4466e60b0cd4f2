package io.genport.bootstrap.cli;

import io.genport.core.domain.InvalidRequestException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One {@code --param} option: a native parameter passed through to the vendor.
 *
 * <p>{@code key=value} applies to every target's provider; {@code provider:key=value} to that
 * provider only. The value is read as a JSON number or boolean when it is written like one ({@code
 * 42}, {@code -0.5}, {@code 1e3}, {@code true}), and as a string otherwise.
 *
 * @param provider the provider it is for, or {@code null} for every provider
 * @param key the native parameter name
 * @param value a {@link Long}, {@link Double}, {@link BigDecimal}, {@link Boolean} or {@link
 *     String}
 */
public record NativeParam(String provider, String key, Object value) {
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /**
   * Parses {@code [provider:]key=value}.
   *
   * @throws InvalidRequestException with field {@code param} when the text is not of that form
   */
  public static NativeParam parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new InvalidRequestException(
          "param", "'" + text + "' is not key=value or provider:key=value");
    }
    String left = text.substring(0, eq).strip();
    String provider = null;
    String key = left;
    int colon = left.indexOf(':');
    if (colon >= 0) {
      provider = left.substring(0, colon).strip();
      key = left.substring(colon + 1).strip();
      if (!PROVIDER.matcher(provider).matches()) {
        throw new InvalidRequestException(
            "param",
            "'"
                + text
                + "': provider name '"
                + provider
                + "' must be lower-case letters, digits, . _ -");
      }
    }
    if (key.isEmpty()) {
      throw new InvalidRequestException("param", "'" + text + "' has no parameter name");
    }
    return new NativeParam(provider, key, value(text.substring(eq + 1)));
  }

  /** Reads a value as a JSON number or boolean when it looks like one, else as a string. */
  static Object value(String raw) {
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.valueOf(raw);
    }
    if (JSON_NUMBER.matcher(raw).matches()) {
      BigDecimal d = new BigDecimal(raw);
      if (raw.indexOf('.') < 0 && raw.indexOf('e') < 0 && raw.indexOf('E') < 0) {
        try {
          return d.longValueExact();
        } catch (ArithmeticException tooBig) {
          return d;
        }
      }
      double v = d.doubleValue();
      return Double.isFinite(v) ? (Object) v : d;
    }
    return raw;
  }
}
