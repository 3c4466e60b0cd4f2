package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpTransportException;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * The one failure classification of every vendor: the same situation gets the same class, the same
 * {@code ambiguous} flag and the same {@link FailureReason} whichever vendor it happens with.
 * Thread-safe and immutable.
 *
 * <p>A permanent failure's reason says whether the <em>target</em> cannot serve (its credential,
 * account, model or configuration stands in the way), so a router moves the request on to the next
 * target at once, or nothing says so ({@link FailureReason#UNSPECIFIED}) and the call ends. Every
 * permanent error answer to a submit is the target's: the request passed planning, and the
 * parameters the vendor refused are the ones this target's own plan produced.
 *
 * <table>
 *   <caption>The classification</caption>
 *   <tr><th>situation</th><th>class</th><th>ambiguous</th><th>reason</th></tr>
 *   <tr><td>no credential configured</td><td>not retryable</td><td>no (nothing sent)</td>
 *       <td>{@code NO_CREDENTIAL}</td></tr>
 *   <tr><td>a URL off the vendor's hosts</td><td>not retryable</td><td>no (nothing sent)</td>
 *       <td>{@code MISCONFIGURED}</td></tr>
 *   <tr><td>connection refused, reset or timeout before the request was written</td>
 *       <td>retryable</td><td>no</td><td></td></tr>
 *   <tr><td>reset or timeout after the request was written</td><td>retryable</td>
 *       <td>on a submit</td><td></td></tr>
 *   <tr><td>the transport refused to send (bad URI, unsafe logging)</td><td>not retryable</td>
 *       <td>no</td><td>{@code MISCONFIGURED}</td></tr>
 *   <tr><td>the body of an answer could not be read to its end</td><td>retryable</td>
 *       <td>on a submit</td><td></td></tr>
 *   <tr><td>2xx whose body is not JSON</td><td>retryable</td><td>on a submit</td><td></td></tr>
 *   <tr><td>2xx submit answer without a job id</td><td>retryable</td><td>yes</td><td></td></tr>
 *   <tr><td>an error body saying credits, balance or quota are exhausted, or HTTP 402</td>
 *       <td>not retryable</td><td>no</td><td>{@code OUT_OF_CREDITS}</td></tr>
 *   <tr><td>a content-policy refusal (vendor signal, or the text, on a 4xx other than 429)</td>
 *       <td>content rejected</td><td>no</td><td></td></tr>
 *   <tr><td>the vendor says "do not retry"</td><td>not retryable</td><td>no</td>
 *       <td>by the status, as in the rows below</td></tr>
 *   <tr><td>408, 425, 429, 5xx</td><td>retryable, with Retry-After</td><td>no (it answered)</td>
 *       <td></td></tr>
 *   <tr><td>a retryable error the vendor marks as possibly after the work ({@link
 *       VendorError#ambiguous()}: a synchronous model's timeout or internal error)</td>
 *       <td>retryable</td><td>on a submit</td><td></td></tr>
 *   <tr><td>401, 403</td><td>not retryable, naming the credential</td><td>no</td>
 *       <td>{@code CREDENTIAL_REFUSED}</td></tr>
 *   <tr><td>404 on a submit</td><td>not retryable: unknown model or endpoint</td><td>no</td>
 *       <td>{@code MODEL_UNAVAILABLE}</td></tr>
 *   <tr><td>any other status on a submit (400, 409, 413, 422, ...)</td><td>not retryable</td>
 *       <td>no</td><td>{@code PLAN_REFUSED}</td></tr>
 *   <tr><td>any other status on a status, result or cancel call (404 on a poll, 422, ...)</td>
 *       <td>not retryable</td><td>no</td><td>{@code UNSPECIFIED}</td></tr>
 *   <tr><td>a job that failed with a content-policy text</td><td>content rejected</td>
 *       <td>no</td><td></td></tr>
 *   <tr><td>a job that failed for lack of credits</td><td>not retryable</td><td>no</td>
 *       <td>{@code OUT_OF_CREDITS}</td></tr>
 *   <tr><td>a job that failed with a transient text (timeout, overloaded, unavailable)</td>
 *       <td>retryable</td><td>no (the job ended)</td><td></td></tr>
 *   <tr><td>a job that failed otherwise</td><td>not retryable</td><td>no</td>
 *       <td>{@code UNSPECIFIED}</td></tr>
 *   <tr><td>an answer the protocol cannot interpret</td><td>not retryable</td><td>no</td>
 *       <td>{@code UNSPECIFIED} (a 2xx submit answer may have created a job)</td></tr>
 * </table>
 *
 * <p>A job the vendor accepted is never submitted again, whatever the reason of its failure: the
 * reason then only tells the caller what went wrong.
 */
public final class VendorFailures {

  /** Texts of content-policy refusals across vendors and their safety checkers. */
  static final Pattern CONTENT =
      Pattern.compile(
          "nsfw|flagged as sensitive|\\(e005\\)|content[ _-]?polic|content[ _-]?safety"
              + "|content moderation|moderation|safety[ _-](checker|filter|system)"
              + "|inappropriate|unsafe content|flagged",
          Pattern.CASE_INSENSITIVE);

  /** Texts of exhausted credits, balance or quota (not a rate limit: that passes). */
  static final Pattern CREDITS =
      Pattern.compile(
          "insufficient[ _](credits?|balance|funds|quota)|out of credits"
              // Leonardo: "You do not have enough API tokens"; others "not enough credits"
              + "|(not|n't)( have)? enough (api )?(credits|tokens)"
              + "|credits? (exhausted|depleted)"
              // "You exceeded your current quota, please check your plan and billing details"
              + "|exceeded your (current |monthly )?(quota|spend(ing)? limit)"
              + "|(monthly )?spend(ing)? limit (reached|exceeded)|quota (is )?exhausted",
          Pattern.CASE_INSENSITIVE);

  /** Texts of a failed job that a new attempt may not hit. */
  static final Pattern TRANSIENT =
      Pattern.compile(
          "timed out|timeout|temporar|unavailable|overloaded|internal error|try again",
          Pattern.CASE_INSENSITIVE);

  private final String vendor;
  private final String credentialName;
  private final Clock clock;

  /**
   * @param vendor the vendor's name as messages show it, e.g. {@code fal} or {@code Oxen.ai}
   * @param credentialName the variable that holds the vendor's credential, or {@code null} when the
   *     vendor takes none
   * @param clock to read an HTTP-date {@code Retry-After}
   */
  public VendorFailures(String vendor, String credentialName, Clock clock) {
    this.vendor = requireNonNull(vendor, "vendor is null");
    this.credentialName = credentialName;
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The vendor's name as messages show it. */
  public String vendor() {
    return vendor;
  }

  /**
   * Classifies an error answer (any non-success status).
   *
   * @param phase the exchange it answered
   * @param status the HTTP status
   * @param error what the body says
   * @param retryAfterHeader the {@code Retry-After} header, or {@code null}
   */
  public GenerationException forResponse(
      Phase phase, int status, VendorError error, String retryAfterHeader) {
    String detail = error.detail();
    String msg = vendor + " returned HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    if (error.hint() == FailureClass.NOT_RETRYABLE && CREDITS.matcher(detail).find()
        || error.hint() == null && (status == 402 || CREDITS.matcher(detail).find())) {
      return new NonRetryableProviderException(
          msg + " (out of credits: add credits to the " + vendor + " account)",
          status,
          null,
          FailureReason.OUT_OF_CREDITS);
    }
    if (error.hint() == FailureClass.CONTENT_REJECTED
        || error.hint() == null && status < 500 && status != 429 && isContent(detail)) {
      return new ContentRejectedException(
          vendor + " rejected the content: " + (detail.isEmpty() ? "HTTP " + status : detail));
    }
    if (error.hint() == FailureClass.NOT_RETRYABLE) {
      return new NonRetryableProviderException(
          msg + " (not retryable)", status, null, permanentReason(phase, status));
    }
    if (HttpFailures.isRetryableStatus(status) || error.hint() == FailureClass.RETRYABLE) {
      if (error.ambiguous() && phase.mayCreateJob()) {
        // The vendor answered, but after (possibly) doing the work: a resubmission could bill
        // twice.
        return new RetryableProviderException(
            msg + " (the request may have been processed and billed)",
            HttpFailures.retryAfter(retryAfterHeader, clock),
            true,
            null);
      }
      return RetryableProviderException.answered(
          msg, HttpFailures.retryAfter(retryAfterHeader, clock));
    }
    if (status == 401 || status == 403) {
      return new NonRetryableProviderException(
          msg
              + (credentialName == null
                  ? " (the server refused the request)"
                  : " (check the " + vendor + " credential " + credentialName + ")"),
          status,
          null,
          FailureReason.CREDENTIAL_REFUSED);
    }
    if (status == 404 && phase == Phase.SUBMIT) {
      return new NonRetryableProviderException(
          msg + " (the model or endpoint does not exist, or is not enabled for this account)",
          status,
          null,
          FailureReason.MODEL_UNAVAILABLE);
    }
    return new NonRetryableProviderException(msg, status, null, permanentReason(phase, status));
  }

  /**
   * The reason of a permanent error answer, by its status. On a submit every such answer says the
   * target cannot serve: the vendor created no job, and the request had passed planning, so what it
   * refused is what this target's plan made of it. Elsewhere the job was accepted, and only the
   * account-wide statuses keep their meaning.
   */
  private static FailureReason permanentReason(Phase phase, int status) {
    if (status == 401 || status == 403) {
      return FailureReason.CREDENTIAL_REFUSED;
    }
    if (status == 402) {
      return FailureReason.OUT_OF_CREDITS;
    }
    if (phase != Phase.SUBMIT) {
      return FailureReason.UNSPECIFIED;
    }
    return status == 404 ? FailureReason.MODEL_UNAVAILABLE : FailureReason.PLAN_REFUSED;
  }

  /**
   * Classifies a failure to exchange with the vendor at all: a transport exception, or a failure
   * already classified (returned as it is).
   */
  public GenerationException forTransport(Phase phase, Throwable failure) {
    Throwable t =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (t instanceof GenerationException g) {
      return g;
    }
    if (t instanceof IllegalStateException || t instanceof IllegalArgumentException) {
      // The transport refused to send (a malformed URI, a clear-text header logger): the same
      // request will be refused the same way.
      return new NonRetryableProviderException(
          vendor + " request was refused by the transport: " + t.getMessage(),
          0,
          t,
          FailureReason.MISCONFIGURED);
    }
    boolean sent = t instanceof HttpTransportException h && h.requestSent();
    boolean ambiguous = sent && phase.mayCreateJob();
    return retryable(
        vendor
            + " could not be reached: "
            + t.getMessage()
            + (ambiguous ? " (the request may have been received)" : ""),
        ambiguous,
        t);
  }

  /** The body of an answer broke off or overran its cap after the status line arrived. */
  public RetryableProviderException unreadableBody(Phase phase, int status, Throwable cause) {
    boolean ambiguous = phase.mayCreateJob();
    return retryable(
        vendor
            + "'s answer (HTTP "
            + status
            + ") could not be read: "
            + cause.getMessage()
            + (ambiguous ? "; the job may have been created" : ""),
        ambiguous,
        cause);
  }

  /** A success answer whose body is not JSON. */
  public RetryableProviderException malformedJson(Phase phase, int status) {
    boolean ambiguous = phase.mayCreateJob();
    return retryable(
        vendor
            + " returned malformed JSON (HTTP "
            + status
            + ")"
            + (ambiguous ? "; the job may have been created" : ""),
        ambiguous,
        null);
  }

  /**
   * A success answer to a submit that names no job: the job may exist, so resubmitting could bill
   * twice.
   */
  public RetryableProviderException missingJobId(String field) {
    return retryable(
        vendor + " accepted the request but sent no " + field + "; the job may exist", true, null);
  }

  /** An answer the protocol cannot interpret (an unknown status, a job id it cannot use). */
  public NonRetryableProviderException unexpected(String what) {
    return new NonRetryableProviderException(vendor + " " + what);
  }

  /**
   * Classifies a job that the vendor reports as failed. The job has ended, so nothing about it is
   * ambiguous: a new attempt is a new job.
   *
   * @param message the vendor's failure text, or {@code null}
   * @param hint a class the vendor's own error code decides, or {@code null}
   */
  public GenerationException jobFailed(String message, FailureClass hint) {
    String text = message == null || message.isBlank() ? "no error message" : message.strip();
    String shown = vendor + " job failed: " + VendorError.shorten(text);
    if (hint == FailureClass.CONTENT_REJECTED || hint == null && isContent(text)) {
      return new ContentRejectedException(
          vendor + " rejected the content: " + VendorError.shorten(text));
    }
    if (CREDITS.matcher(text).find()) {
      return new NonRetryableProviderException(
          shown + " (out of credits: add credits to the " + vendor + " account)",
          0,
          null,
          FailureReason.OUT_OF_CREDITS);
    }
    if (hint == FailureClass.RETRYABLE || hint == null && TRANSIENT.matcher(text).find()) {
      return RetryableProviderException.answered(shown, null);
    }
    return new NonRetryableProviderException(shown);
  }

  /** No credential is configured: nothing was sent, and the target cannot serve. */
  public NonRetryableProviderException missingCredential(String where) {
    return NonRetryableProviderException.targetCannotServe(
        FailureReason.NO_CREDENTIAL,
        "no " + vendor + " credential: set " + credentialName + (where == null ? "" : where),
        0);
  }

  /**
   * A request that would carry the credential points off the vendor's hosts: nothing was sent, and
   * the target's configuration (its base URL) is at fault.
   */
  public NonRetryableProviderException foreignHost(String host) {
    return NonRetryableProviderException.targetCannotServe(
        FailureReason.MISCONFIGURED,
        "refusing to send the "
            + vendor
            + " credential to "
            + host
            + ", which is not a configured "
            + vendor
            + " host",
        0);
  }

  private static RetryableProviderException retryable(
      String message, boolean ambiguous, Throwable cause) {
    return ambiguous
        ? RetryableProviderException.ambiguous(message, cause)
        : RetryableProviderException.notReceived(message, cause);
  }

  private static boolean isContent(String text) {
    return CONTENT.matcher(text).find();
  }
}
