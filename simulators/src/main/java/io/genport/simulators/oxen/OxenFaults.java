package io.genport.simulators.oxen;

import io.genport.simulators.Fault;

/**
 * Ready-made Oxen-shaped faults for {@code sim.faults().on(...).inject(...)}.
 *
 * <pre>{@code
 * sim.faults().on(OxenSimulator.ENQUEUE).times(2).inject(OxenFaults.unknownError(503));
 * sim.faults().on(OxenSimulator.GENERATE).inject(OxenFaults.rateLimited(2));
 * }</pre>
 */
public final class OxenFaults {
  private OxenFaults() {}

  /** 429 with {@code Retry-After: <seconds>} (Oxen documents neither; both are ours). */
  public static Fault rateLimited(int retryAfterSeconds) {
    return Fault.respond(
        OxenErrors.rateLimited().withHeader("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  /** {@code unknown_error} with this status, e.g. 500 or 503. */
  public static Fault unknownError(int status) {
    return Fault.respond(OxenErrors.unknownError(status, "Upstream inference provider error"));
  }

  /** 401 {@code unauthenticated}. */
  public static Fault unauthenticated() {
    return Fault.respond(OxenErrors.unauthenticated());
  }

  /** The synchronous insufficient-credits error with this status (e.g. 402). */
  public static Fault insufficientCredits(int status) {
    return Fault.respond(OxenErrors.insufficientCredits(status));
  }
}
