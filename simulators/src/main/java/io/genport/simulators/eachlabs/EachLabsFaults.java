package io.genport.simulators.eachlabs;

import io.genport.simulators.Fault;

/**
 * Ready-made Each Labs-shaped faults for {@code sim.faults().on(...).inject(...)}.
 *
 * <pre>{@code
 * each.faults().on(EachLabsSimulator.CREATE).times(1).inject(EachLabsFaults.rateLimited(2));
 * each.faults().on(EachLabsSimulator.GET).times(2).inject(EachLabsFaults.serverError());
 * }</pre>
 */
public final class EachLabsFaults {
  private EachLabsFaults() {}

  /** 429 {@code {"error":"Rate limit exceeded. Please retry after N seconds."}} and Retry-After. */
  public static Fault rateLimited(int retryAfterSeconds) {
    return Fault.respond(EachLabsErrors.rateLimited(retryAfterSeconds));
  }

  /** 500 {@code {"error":"Failed to create prediction"}}. */
  public static Fault serverError() {
    return Fault.respond(EachLabsErrors.createFailed());
  }

  /** 401 {@code {"error":"Invalid or missing API key"}}. */
  public static Fault unauthorized() {
    return Fault.respond(EachLabsErrors.unauthorized());
  }

  /** 403 {@code {"error":"<message>"}}, e.g. an exhausted balance (message inferred). */
  public static Fault forbidden(String message) {
    return Fault.respond(EachLabsErrors.error(403, message));
  }
}
