package io.genport.core.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A width and height in pixels, both positive.
 *
 * @param width pixels, at least 1
 * @param height pixels, at least 1
 */
public record PixelSize(int width, int height) {
  private static final Pattern WXH = Pattern.compile("\\s*(\\d{1,6})\\s*[xX*×]\\s*(\\d{1,6})\\s*");

  public PixelSize {
    if (width < 1 || height < 1) {
      throw new InvalidRequestException(
          "size", "width and height must be positive, was " + width + "x" + height);
    }
  }

  /**
   * Parses {@code 1024x768}, {@code 1152*896} or {@code 1024×768}.
   *
   * @throws InvalidRequestException when {@code text} is not of that form
   */
  public static PixelSize parse(String text) {
    Matcher m = WXH.matcher(text);
    if (!m.matches()) {
      throw new InvalidRequestException(
          "size", "'" + text + "' is not a size; expected WIDTHxHEIGHT such as 1024x768");
    }
    return new PixelSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Width times height. */
  public long pixels() {
    return (long) width * height;
  }

  /** Width divided by height. */
  public double ratio() {
    return (double) width / height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
