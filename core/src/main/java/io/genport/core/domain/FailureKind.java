package io.genport.core.domain;

/**
 * When and how an attempt failed, as the router classifies it once, the moment the failure is seen.
 * {@link FailureClass} says what the caller should do about an exception; this says what the router
 * may still do about the request: whether a vendor may hold a billable job decides whether the
 * request may be sent anywhere again.
 *
 * <table>
 *   <caption>What the router does for each kind</caption>
 *   <tr><th>kind</th><th>a vendor job may exist</th><th>router action</th></tr>
 *   <tr><td>{@link #NOT_SENT}</td><td>no</td><td>fail over</td></tr>
 *   <tr><td>{@link #BEFORE_ACCEPTANCE}</td><td>no</td><td>retry (backoff, budget), then fail
 *       over</td></tr>
 *   <tr><td>{@link #TARGET_UNAVAILABLE}</td><td>no</td><td>fail over at once (no retry on that
 *       target); counted by its circuit</td></tr>
 *   <tr><td>{@link #AMBIGUOUS}</td><td>maybe</td><td>end the call, unless the caller opted in to
 *       possible duplicates</td></tr>
 *   <tr><td>{@link #AFTER_ACCEPTANCE}</td><td>yes</td><td>never resubmit: poll until it ends or the
 *       deadline passes</td></tr>
 *   <tr><td>{@link #CALLER_ERROR}</td><td>no</td><td>end the call</td></tr>
 *   <tr><td>{@link #CONTENT_REJECTED}</td><td>no</td><td>end the call (fail over when configured
 *       and nothing was accepted)</td></tr>
 * </table>
 */
public enum FailureKind {
  /**
   * Nothing reached the vendor: the target could not honour the request, its circuit was open, or
   * it refused an operation before sending.
   */
  NOT_SENT,
  /**
   * The vendor answered the submit without creating a job: connection refused, 5xx or 429 on
   * submit.
   */
  BEFORE_ACCEPTANCE,
  /**
   * The target cannot serve, whatever the request: no credential configured, the credential or
   * account refused (401, 403), credits or quota used up, the model unknown or not enabled (404 on
   * the submit), or the vendor refusing a submit that the target's own plan produced (400, 422).
   * The vendor created no job; the request passed planning, so another target may serve it. Decided
   * by a {@link NonRetryableProviderException} whose {@link FailureReason} says so.
   */
  TARGET_UNAVAILABLE,
  /**
   * The submit may have reached the vendor and created a job: a timeout or reset after the request
   * was sent, or the deadline passing while the submit was in flight.
   */
  AMBIGUOUS,
  /** The vendor held a job id; the job failed, or polling it outlived the deadline. */
  AFTER_ACCEPTANCE,
  /**
   * The request is wrong (the vendor or the provider refused it and nothing says the target alone
   * is to blame), or a permanent failure of a job the vendor had accepted.
   */
  CALLER_ERROR,
  /** The vendor refused the prompt or the output on content grounds. */
  CONTENT_REJECTED;

  /**
   * Classifies a failure.
   *
   * @param error the failure; never null
   * @param accepted whether the vendor had accepted a job before it happened
   * @return the kind; never null
   */
  public static FailureKind classify(GenerationException error, boolean accepted) {
    switch (error.failureClass()) {
      case CONTENT_REJECTED:
        return CONTENT_REJECTED;
      case NOT_RETRYABLE:
        // Only before acceptance: a job the vendor accepted is never submitted again.
        return !accepted
                && error instanceof NonRetryableProviderException n
                && n.reason().targetCannotServe()
            ? TARGET_UNAVAILABLE
            : CALLER_ERROR;
      case INVALID_REQUEST:
        return CALLER_ERROR;
      case UNSUPPORTED:
        return accepted ? CALLER_ERROR : NOT_SENT;
      case RETRYABLE:
      default:
        if (accepted) {
          return AFTER_ACCEPTANCE;
        }
        return error instanceof RetryableProviderException r && r.ambiguous()
            ? AMBIGUOUS
            : BEFORE_ACCEPTANCE;
    }
  }
}
