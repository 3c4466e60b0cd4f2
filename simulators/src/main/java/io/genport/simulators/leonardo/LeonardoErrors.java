package io.genport.simulators.leonardo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Json;
import io.genport.simulators.SimResponse;

/**
 * Leonardo.ai's error bodies, {@code {"error": "<message>", "path": "$", "code": "<code>"}} (the
 * shape of its Hasura-backed gateway, docs/provider-protocols.md section 6), for the simulator and
 * for tests that want to build the same bodies.
 *
 * <p>Confirmed: the shape, the two authorization texts and the wrong-type text. Inferred: every
 * HTTP status (Leonardo documents none), the {@code code} values other than {@code unexpected} and
 * {@code access-denied}, and the texts of validation errors, insufficient credits, content
 * moderation and rate limiting, which are ours.
 */
public final class LeonardoErrors {
  /** The documented text of a bad or missing API key. */
  public static final String INVALID_KEY = "Invalid response from authorization hook";

  /** The documented text of a key that may not make this request. */
  public static final String ACCESS_DENIED = "Authentication hook unauthorized this request";

  /** The text of running out of API credits (the wording of the contract's note; unconfirmed). */
  public static final String NOT_ENOUGH_TOKENS =
      "You do not have enough API tokens to complete this request.";

  /** The text of a prompt the moderation filter refuses (ours). */
  public static final String MODERATED =
      "Your prompt was flagged by our content moderation filter. Please revise it.";

  private LeonardoErrors() {}

  /** The error body. */
  public static ObjectNode body(String message, String path, String code) {
    ObjectNode body = Json.object();
    body.put("error", message);
    body.put("path", path);
    body.put("code", code);
    return body;
  }

  /** An error with this status. */
  public static SimResponse error(int status, String message, String path, String code) {
    return SimResponse.json(status, body(message, path, code));
  }

  /** A bad or missing key: the documented body, with {@code status} (401 inferred). */
  public static SimResponse invalidKey(int status) {
    return error(status, INVALID_KEY, "$", "unexpected");
  }

  /** 403 with the documented access-denied body (status inferred). */
  public static SimResponse accessDenied() {
    return error(403, ACCESS_DENIED, "$", "access-denied");
  }

  /** 400: a field of the wrong type or out of range (status and code inferred). */
  public static SimResponse invalid(String message, String path) {
    return error(400, message, path, "validation-failed");
  }

  /** Out of API credits, with {@code status} (400 by default in the simulator; unconfirmed). */
  public static SimResponse notEnoughTokens(int status) {
    return error(status, NOT_ENOUGH_TOKENS, "$", "unexpected");
  }

  /** 400: the moderation filter refused the prompt (ours). */
  public static SimResponse moderated() {
    return error(400, MODERATED, "$.prompt", "unexpected");
  }

  /** 429 (Leonardo documents limits but no body; ours). */
  public static SimResponse rateLimited() {
    return error(429, "Too many requests, please slow down.", "$", "rate-limited");
  }

  /** A server error with this status (ours). */
  public static SimResponse serverError(int status) {
    return error(status, "Internal server error", "$", "unexpected");
  }

  /** 404 for a path no route serves (Hasura's wording, inferred). */
  public static SimResponse noRoute() {
    return error(404, "no Route matched with those values", "$", "not-found");
  }
}
