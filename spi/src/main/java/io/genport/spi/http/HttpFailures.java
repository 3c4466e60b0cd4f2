package io.genport.spi.http;

import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;

/**
 * The common translation of HTTP outcomes into the failure taxonomy, used by every adapter at its
 * edge. Vendor-specific cases (content-policy bodies, a vendor's "do not retry" header) are decided
 * by the adapter first; this handles what HTTP itself says.
 *
 * @since 1
 */
public final class HttpFailures {
  private HttpFailures() {}

  /**
   * Classifies a non-success HTTP status.
   *
   * <ul>
   *   <li>408, 425, 429, 500, 502, 503, 504 and other 5xx: retryable, with {@code Retry-After} when
   *       given; never ambiguous, since the vendor answered;
   *   <li>everything else (400, 401, 403, 404, 422, ...): not retryable; 401 and 403 with reason
   *       {@link FailureReason#CREDENTIAL_REFUSED} and 402 with {@link
   *       FailureReason#OUT_OF_CREDITS}, which say the target cannot serve whatever it is sent, so
   *       a router moves on to the next target. Other statuses are {@link
   *       FailureReason#UNSPECIFIED} here: without the phase of the exchange, a 404 or 422 may be
   *       about a job rather than the target (the provider toolkit's {@code VendorFailures} knows
   *       the phase and says more).
   * </ul>
   *
   * @param vendor the vendor's name for the message
   * @param status the HTTP status
   * @param detail the vendor's error text (already free of credentials), or {@code null}
   * @param retryAfterHeader the {@code Retry-After} header, or {@code null}
   * @param clock to interpret an HTTP-date {@code Retry-After}
   */
  public static GenerationException forStatus(
      String vendor, int status, String detail, String retryAfterHeader, Clock clock) {
    String msg =
        vendor
            + " returned HTTP "
            + status
            + (detail == null || detail.isBlank() ? "" : ": " + detail);
    if (isRetryableStatus(status)) {
      return new RetryableProviderException(msg, retryAfter(retryAfterHeader, clock), false, null);
    }
    if (status == 401 || status == 403) {
      return new NonRetryableProviderException(
          msg + " (check the " + vendor + " credential)",
          status,
          null,
          FailureReason.CREDENTIAL_REFUSED);
    }
    if (status == 402) {
      return new NonRetryableProviderException(msg, status, null, FailureReason.OUT_OF_CREDITS);
    }
    return new NonRetryableProviderException(msg, status, null);
  }

  /** Whether an HTTP status means "try again later". */
  public static boolean isRetryableStatus(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }

  /**
   * Classifies a transport failure: retryable, and ambiguous when the request may have reached the
   * vendor.
   */
  public static RetryableProviderException forTransport(String vendor, Throwable failure) {
    Throwable t =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    boolean sent = t instanceof HttpTransportException h && h.requestSent();
    return new RetryableProviderException(
        vendor
            + " could not be reached: "
            + t.getMessage()
            + (sent ? " (the request may have been received)" : ""),
        null,
        sent,
        t);
  }

  /**
   * Parses a {@code Retry-After} value: delta seconds or an HTTP-date.
   *
   * @return the wait, never negative, or {@code null} when absent or unparseable
   */
  public static Duration retryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
