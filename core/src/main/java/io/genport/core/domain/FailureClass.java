package io.genport.core.domain;

/** What a caller (or the router) should do about a failure. Every failure has exactly one. */
public enum FailureClass {
  /** Transient: the same call may succeed later, on this target or another (5xx, 429, resets). */
  RETRYABLE,
  /** Permanent for this target: authentication, unknown model, billing. Retrying will not help. */
  NOT_RETRYABLE,
  /** The vendor refused the prompt or the output on content grounds. Never retried. */
  CONTENT_REJECTED,
  /** The target cannot do what the request requires (a REQUIRED field it cannot honour). */
  UNSUPPORTED,
  /** The request itself is invalid; nothing was sent. */
  INVALID_REQUEST
}
