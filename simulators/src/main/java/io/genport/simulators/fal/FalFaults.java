package io.genport.simulators.fal;

import io.genport.simulators.Fault;
import java.util.Map;

/**
 * Ready-made fal-shaped faults for {@code sim.faults().on(...).inject(...)}.
 *
 * <pre>{@code
 * sim.faults().on(FalSimulator.SUBMIT).times(2).inject(FalFaults.infrastructure("runner_scheduling_failure"));
 * sim.faults().on(FalSimulator.RUN).inject(FalFaults.rateLimited(2));
 * }</pre>
 */
public final class FalFaults {
  private FalFaults() {}

  /**
   * An infrastructure error with fal's usual status for the type (e.g. {@code
   * runner_scheduling_failure} 503, {@code request_timeout} 504), body {@code
   * {"detail":..,"error_type":..}} and header {@code X-Fal-Error-Type}. Like fal's ingress, it
   * carries no {@code x-fal-request-id}.
   */
  public static Fault infrastructure(String errorType) {
    return Fault.respond(FalErrors.infrastructure(errorType));
  }

  /**
   * 429 with {@code Retry-After: <seconds>}. fal documents the 429 on sync runs but neither its
   * body nor a Retry-After; both are our choice here, to exercise clients that honour Retry-After.
   */
  public static Fault rateLimited(int retryAfterSeconds) {
    return Fault.status(429)
        .withJsonBody(Map.of("detail", "Concurrent request limit exceeded"))
        .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
  }

  /** 403 "User is locked. Reason: Exhausted balance...". */
  public static Fault exhaustedBalance() {
    return Fault.respond(FalErrors.exhaustedBalance());
  }

  /** 401 "No user found for Key ID and Secret". */
  public static Fault unauthorized() {
    return Fault.respond(FalErrors.unauthorized());
  }
}
