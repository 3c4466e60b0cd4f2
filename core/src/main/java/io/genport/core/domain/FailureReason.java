package io.genport.core.domain;

/**
 * Why a permanent ({@link FailureClass#NOT_RETRYABLE}) failure happened, as far as it decides
 * whether another target of the route may still serve the request. The provider toolkit's failure
 * classification sets it; a failure built without one is {@link #UNSPECIFIED}.
 *
 * <p>Every reason but {@link #UNSPECIFIED} says that this <em>target</em> cannot serve: its
 * account, credential, model or configuration stands in the way, not the request, which passed
 * planning. A router moves such a failure of a submit on to the next target at once, as the
 * vendor-failover gateways (LiteLLM, Portkey) do; {@link #UNSPECIFIED} ends the call.
 */
public enum FailureReason {
  /**
   * Nothing says the failure is the target's alone: the request may be wrong, or the provider did
   * not say. A router ends the call rather than send the request elsewhere.
   */
  UNSPECIFIED("permanent failure"),
  /** No credential is configured for the target's vendor; nothing was sent. */
  NO_CREDENTIAL("no credential configured"),
  /** The vendor refused the credential or the account: HTTP 401 or 403. */
  CREDENTIAL_REFUSED("credential or account refused"),
  /** The account's credits, balance or quota are used up: HTTP 402, or the vendor says so. */
  OUT_OF_CREDITS("out of credits or quota"),
  /** The model or endpoint does not exist, or is not enabled for this account: 404 on a submit. */
  MODEL_UNAVAILABLE("model not found or not enabled"),
  /**
   * The vendor refused a submit whose parameters this target's own plan produced (400, 422 or
   * another permanent error answer); the caller's request had passed planning.
   */
  PLAN_REFUSED("vendor refused the planned request"),
  /**
   * The target's configuration keeps any request from being sent: its credential would go to a host
   * that is not the vendor's, or the transport refuses its address. Nothing was sent.
   */
  MISCONFIGURED("target misconfigured");

  private final String description;

  FailureReason(String description) {
    this.description = description;
  }

  /** Whether the target cannot serve, so another target of the route may: all but UNSPECIFIED. */
  public boolean targetCannotServe() {
    return this != UNSPECIFIED;
  }

  /** A few words for messages and summaries, e.g. {@code no credential configured}. */
  public String description() {
    return description;
  }

  /**
   * The reason of {@code failure}: a {@link NonRetryableProviderException}'s own, else {@code null}
   * (the failure is not a permanent vendor failure).
   */
  public static FailureReason of(Throwable failure) {
    return failure instanceof NonRetryableProviderException n ? n.reason() : null;
  }
}
