package io.genport.toolkit;

import io.genport.core.domain.FailureClass;

/**
 * What a vendor's error body says, as its protocol reads it.
 *
 * @param detail the vendor's error text, shortened, free of credentials; may be empty, never null
 * @param hint a class the vendor's own signals decide (a content-policy error type, a "do not
 *     retry" header, a documented error code), or {@code null} to let {@link VendorFailures} decide
 *     from the status and the text
 * @param ambiguous whether the vendor's signal says that a retryable error may have come after the
 *     work was done (a synchronous model that timed out or failed internally may still have been
 *     billed), so that a failed submit is ambiguous although the vendor answered; meaningful only
 *     for an error {@link VendorFailures} classifies as retryable
 */
public record VendorError(String detail, FailureClass hint, boolean ambiguous) {
  /** The most characters of vendor text kept in a message. */
  public static final int MAX_DETAIL = 500;

  public VendorError {
    detail = shorten(detail == null ? "" : detail.strip());
  }

  /** An error that is not ambiguous. */
  public VendorError(String detail, FailureClass hint) {
    this(detail, hint, false);
  }

  /** An error with only text. */
  public static VendorError of(String detail) {
    return new VendorError(detail, null);
  }

  /**
   * A retryable error after which the work may have been done and billed: a submit that failed this
   * way is ambiguous.
   */
  public static VendorError retryableButAmbiguous(String detail) {
    return new VendorError(detail, FailureClass.RETRYABLE, true);
  }

  /** {@code text} cut to {@link #MAX_DETAIL} characters. */
  public static String shorten(String text) {
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL - 3) + "..." : text;
  }
}
