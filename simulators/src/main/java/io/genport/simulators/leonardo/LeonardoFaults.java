package io.genport.simulators.leonardo;

import io.genport.simulators.Fault;

/**
 * Ready-made Leonardo-shaped faults for {@code sim.faults().on(...).inject(...)}.
 *
 * <pre>{@code
 * sim.faults().on(LeonardoSimulator.CREATE).times(2).inject(LeonardoFaults.serverError(503));
 * sim.faults().on(LeonardoSimulator.CREATE).inject(LeonardoFaults.rateLimited(2));
 * }</pre>
 */
public final class LeonardoFaults {
  private LeonardoFaults() {}

  /** 429 with {@code Retry-After: <seconds>} (the SDK honours it; the body is ours). */
  public static Fault rateLimited(int retryAfterSeconds) {
    return Fault.respond(
        LeonardoErrors.rateLimited()
            .withHeader("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  /** A server error with this status, e.g. 500 or 503. */
  public static Fault serverError(int status) {
    return Fault.respond(LeonardoErrors.serverError(status));
  }

  /** The documented bad-key body with this status. */
  public static Fault invalidKey(int status) {
    return Fault.respond(LeonardoErrors.invalidKey(status));
  }

  /** The out-of-credits error with this status. */
  public static Fault notEnoughTokens(int status) {
    return Fault.respond(LeonardoErrors.notEnoughTokens(status));
  }
}
