package io.genport.core.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aspect ratio such as 16:9.
 *
 * @param width the width term, at least 1
 * @param height the height term, at least 1
 */
public record AspectRatio(int width, int height) {
  private static final Pattern W_H = Pattern.compile("\\s*(\\d{1,5})\\s*[:/]\\s*(\\d{1,5})\\s*");

  public AspectRatio {
    if (width < 1 || height < 1) {
      throw new InvalidRequestException(
          "size", "aspect ratio terms must be positive, was " + width + ":" + height);
    }
  }

  /** Parses {@code 16:9} or {@code 16/9}. */
  public static AspectRatio parse(String text) {
    Matcher m = W_H.matcher(text);
    if (!m.matches()) {
      throw new InvalidRequestException(
          "size", "'" + text + "' is not an aspect ratio; expected W:H such as 16:9");
    }
    return new AspectRatio(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Whether {@code text} parses as an aspect ratio. */
  public static boolean isAspectRatio(String text) {
    return W_H.matcher(text).matches();
  }

  public double value() {
    return (double) width / height;
  }

  @Override
  public String toString() {
    return width + ":" + height;
  }
}
