package io.genport.simulators.oxen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Json;
import io.genport.simulators.SimResponse;

/**
 * Oxen.ai's error bodies (docs/provider-protocols.md section 4.6), for the simulator and for tests
 * that want to build the same bodies.
 *
 * <ol>
 *   <li>the typed shape {@code {"error":{"type":..,"title":..,"detail":..},"status":"error",
 *       "status_message":<type>}} [CONFIRMED], with the documented types {@code unauthenticated},
 *       {@code invalid_params}, {@code resource_not_found} and {@code unknown_error};
 *   <li>the message shape {@code {"error":{"message":"Model not found: <name>"}}} [CONFIRMED].
 * </ol>
 *
 * <p>The HTTP statuses are confirmed only for 404; 400, 401 and 500 are inferred from the types,
 * the titles of {@code unauthenticated} and {@code unknown_error} are ours, and the insufficient
 * credits and rate-limit bodies are wholly ours (Oxen documents neither on the synchronous path).
 */
public final class OxenErrors {
  /** The documented title of {@code invalid_params}. */
  public static final String INVALID_PARAMS_TITLE =
      "Invalid parameters supplied, please check your request and try again.";

  /** The documented title of {@code resource_not_found}. */
  public static final String NOT_FOUND_TITLE = "The requested resource could not be found";

  private OxenErrors() {}

  /** The typed body {@code {"error":{type,title,detail?},"status":"error","status_message"}}. */
  public static ObjectNode typedBody(String type, String title, String detail) {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("type", type);
    error.put("title", title);
    if (detail != null) {
      error.put("detail", detail);
    }
    body.put("status", "error");
    body.put("status_message", type);
    return body;
  }

  /** A typed error with this status. */
  public static SimResponse typed(int status, String type, String title, String detail) {
    return SimResponse.json(status, typedBody(type, title, detail));
  }

  /** 400 {@code invalid_params} with {@code detail} (e.g. "Prompt cannot be empty"). */
  public static SimResponse invalidParams(String detail) {
    return typed(400, "invalid_params", INVALID_PARAMS_TITLE, detail);
  }

  /** 401 {@code unauthenticated} (status and title inferred). */
  public static SimResponse unauthenticated() {
    return typed(
        401,
        "unauthenticated",
        "Authentication failed, please provide a valid API key in the Authorization header.",
        null);
  }

  /** 404 {@code resource_not_found}, exactly the documented body for an unknown generation id. */
  public static SimResponse notFound() {
    return typed(404, "resource_not_found", NOT_FOUND_TITLE, null);
  }

  /** 404 {@code {"error":{"message":"Model not found: <name>"}}} (status inferred). */
  public static SimResponse modelNotFound(String model) {
    ObjectNode body = Json.object();
    body.putObject("error").put("message", "Model not found: " + model);
    return SimResponse.json(404, body);
  }

  /** {@code unknown_error} with this status (500 inferred) and detail. */
  public static SimResponse unknownError(int status, String detail) {
    return typed(status, "unknown_error", "An unknown error occurred.", detail);
  }

  /**
   * The synchronous endpoints' answer when credits run out: {@code status} (402 by default in the
   * simulator) with the typed shape, type {@code insufficient_credits} and detail {@code
   * "Insufficient credits"}. Undocumented; the queue's confirmed form is a failed generation.
   */
  public static SimResponse insufficientCredits(int status) {
    return typed(
        status, "insufficient_credits", "Insufficient credits", OxenSimulator.INSUFFICIENT_CREDITS);
  }

  /** 429 with the typed shape (Oxen documents no rate limits; body and type are ours). */
  public static SimResponse rateLimited() {
    return typed(429, "rate_limited", "Too many requests, please slow down.", null);
  }
}
