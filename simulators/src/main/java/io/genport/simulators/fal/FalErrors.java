package io.genport.simulators.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Json;
import io.genport.simulators.SimResponse;
import java.util.List;
import java.util.Map;

/**
 * fal's two error body shapes (docs/provider-protocols.md section 1.9), for the simulator and for
 * tests that want to build the same bodies.
 *
 * <ol>
 *   <li>model / validation errors, usually 422: {@code {"detail":[{"loc":[..],"msg":..,"type":..,
 *       "url":..,"ctx":..,"input":..}]}} plus {@code X-Fal-Retryable: false};
 *   <li>infrastructure errors: {@code {"detail":"<string>","error_type":"<type>"}} plus {@code
 *       X-Fal-Error-Type: <type>}, with the typical status of each type.
 * </ol>
 */
public final class FalErrors {
  /** error_type to typical HTTP status, from fal's "Request Error Types" page. */
  private static final Map<String, Integer> STATUS =
      Map.ofEntries(
          Map.entry("request_timeout", 504),
          Map.entry("startup_timeout", 504),
          Map.entry("runner_scheduling_failure", 503),
          Map.entry("runner_connection_timeout", 503),
          Map.entry("runner_disconnected", 503),
          Map.entry("runner_connection_refused", 503),
          Map.entry("runner_connection_error", 503),
          Map.entry("runner_incomplete_response", 502),
          Map.entry("runner_server_error", 500),
          Map.entry("client_disconnected", 499),
          Map.entry("client_cancelled", 499),
          Map.entry("bad_request", 400),
          Map.entry("internal_error", 500));

  private static final Map<String, String> MESSAGE =
      Map.ofEntries(
          Map.entry("request_timeout", "Request timed out"),
          Map.entry("startup_timeout", "Runner startup timed out"),
          Map.entry("runner_scheduling_failure", "Could not schedule a runner for the request"),
          Map.entry("runner_connection_timeout", "Timed out connecting to the runner"),
          Map.entry("runner_disconnected", "Runner disconnected"),
          Map.entry("runner_connection_refused", "Runner refused the connection"),
          Map.entry("runner_connection_error", "Error connecting to the runner"),
          Map.entry("runner_incomplete_response", "Runner returned an incomplete response"),
          Map.entry("runner_server_error", "Runner server error"),
          Map.entry("client_disconnected", "Client disconnected"),
          Map.entry("client_cancelled", "Request was cancelled"),
          Map.entry("bad_request", "Bad request"),
          Map.entry("internal_error", "Internal server error"));

  private FalErrors() {}

  /** The typical status of an infrastructure error type (500 for unknown types). */
  public static int statusOf(String errorType) {
    return STATUS.getOrDefault(errorType, 500);
  }

  /** An infrastructure error with fal's usual status and a stock message. */
  public static SimResponse infrastructure(String errorType) {
    return infrastructure(
        errorType, statusOf(errorType), MESSAGE.getOrDefault(errorType, "Request failed"));
  }

  /** An infrastructure error: {@code {"detail":..,"error_type":..}} and X-Fal-Error-Type. */
  public static SimResponse infrastructure(String errorType, int status, String detail) {
    ObjectNode body = Json.object();
    body.put("detail", detail);
    body.put("error_type", errorType);
    return SimResponse.json(status, body).withHeader("X-Fal-Error-Type", errorType);
  }

  /** A validation / model error response (422) with these detail items. */
  public static SimResponse validation(List<ObjectNode> details) {
    return validation(422, details);
  }

  /** A model error response with this status and these detail items. */
  public static SimResponse validation(int status, List<ObjectNode> details) {
    ObjectNode body = Json.object();
    ArrayNode arr = body.putArray("detail");
    details.forEach(arr::add);
    return SimResponse.json(status, body).withHeader("X-Fal-Retryable", "false");
  }

  /**
   * One detail item, pydantic v2 style.
   *
   * @param loc location, e.g. {@code List.of("body", "image_size")}
   * @param ctx extra context or {@code null}
   * @param input the offending input or {@code null} (then omitted)
   */
  public static ObjectNode detail(
      List<Object> loc, String msg, String type, JsonNode ctx, JsonNode input) {
    ObjectNode d = Json.object();
    ArrayNode l = d.putArray("loc");
    for (Object o : loc) {
      if (o instanceof Integer) {
        l.add((Integer) o);
      } else {
        l.add(String.valueOf(o));
      }
    }
    d.put("msg", msg);
    d.put("type", type);
    d.put("url", "https://docs.fal.ai/errors/#" + type);
    if (ctx != null) {
      d.set("ctx", ctx);
    }
    if (input != null) {
      d.set("input", input);
    }
    return d;
  }

  /** 401 {@code {"detail":"No user found for Key ID and Secret"}}. */
  public static SimResponse unauthorized() {
    return SimResponse.json(401, Map.of("detail", "No user found for Key ID and Secret"));
  }

  /** 403 for an exhausted balance (fal uses 403, not 402). */
  public static SimResponse exhaustedBalance() {
    return SimResponse.json(
        403,
        Map.of(
            "detail",
            "User is locked. Reason: Exhausted balance. Top up your balance at"
                + " fal.ai/dashboard/billing."));
  }
}
