package io.genport.toolkit;

import io.genport.core.domain.FailureClass;

/**
 * What a vendor's error body says, as its protocol reads it.
 *
 * @param detail the vendor's error text, shortened, free of credentials; may be empty, never null
 * @param hint a class the vendor's own signals decide (a content-policy error type, a "do not
 *     retry" header, a documented error code), or {@code null} to let {@link VendorFailures} decide
 *     from the status and the text
 */
public record VendorError(String detail, FailureClass hint) {
  /** The most characters of vendor text kept in a message. */
  public static final int MAX_DETAIL = 500;

  public VendorError {
    detail = shorten(detail == null ? "" : detail.strip());
  }

  /** An error with only text. */
  public static VendorError of(String detail) {
    return new VendorError(detail, null);
  }

  /** {@code text} cut to {@link #MAX_DETAIL} characters. */
  public static String shorten(String text) {
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL - 3) + "..." : text;
  }
}
