package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Json;
import io.genport.simulators.SimResponse;
import java.util.List;

/**
 * Replicate's error bodies (docs/provider-protocols.md section 2.8), for the simulator and for
 * tests that inject the same bodies as faults. All are {@code application/problem+json} with {@code
 * title}, {@code detail} and {@code status}, except the 429, whose documented body is only {@code
 * {"detail": ...}} (the other members are added here, presumed rather than documented).
 */
public final class ReplicateErrors {
  /** The content type of every error body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  private ReplicateErrors() {}

  /** A problem+json response. */
  public static SimResponse problem(int status, String title, String detail) {
    ObjectNode body = Json.object();
    body.put("title", title);
    body.put("detail", detail);
    body.put("status", status);
    return SimResponse.bytes(status, PROBLEM_JSON, Json.bytes(body));
  }

  /** 401, the recorded body for a missing or wrong token. */
  public static SimResponse unauthenticated() {
    return problem(401, "Unauthenticated", "You did not pass a valid authentication token");
  }

  /** 402 for an account without credit. */
  public static SimResponse insufficientCredit() {
    return problem(
        402,
        "Insufficient credit",
        "You have insufficient credit to run this model. Go to"
            + " https://replicate.com/account/billing#billing to purchase credit.");
  }

  /** 404 for an unknown prediction, model or path (text inferred). */
  public static SimResponse notFound() {
    return problem(404, "Not found", "The requested resource could not be found.");
  }

  /** 422 for a version that does not exist or is not accessible. */
  public static SimResponse invalidVersion() {
    return problem(
        422,
        "Invalid version or not permitted",
        "The specified version does not exist (or perhaps you don't have permission to use it?)");
  }

  /**
   * 429 with {@code Retry-After} (seconds); {@code retryAfterSeconds < 0} leaves the header out.
   */
  public static SimResponse throttled(int retryAfterSeconds) {
    int shown = Math.max(retryAfterSeconds, 1);
    SimResponse r =
        problem(
            429,
            "Request was throttled",
            "Request was throttled. Your rate limit resets in ~" + shown + "s.");
    return retryAfterSeconds < 0 ? r : r.withHeader("Retry-After", Integer.toString(shown));
  }

  /**
   * 400 for a {@code Prefer} header that is not {@code wait} or {@code wait=N} with a positive N
   * (inferred; a larger N than 60 is not refused but waits 60 s).
   */
  public static SimResponse badPrefer(String value) {
    return problem(
        400,
        "Invalid Prefer header",
        "'" + value + "' is not 'wait' or 'wait=N' with N a positive number of seconds (up to 60)");
  }

  /** 400 for a {@code Cancel-After} header that is not a duration such as 30s or 5m (inferred). */
  public static SimResponse badCancelAfter(String value) {
    return problem(
        400,
        "Invalid Cancel-After header",
        "'" + value + "' is not a duration such as 30s, 5m or 1h30m");
  }

  /** 422 input validation failure for one field, e.g. {@code ("input.width", "Must be ...")}. */
  public static SimResponse inputValidation(String field, String description, String type) {
    return inputValidation(List.of(new PredictionInput.Problem(field, description, type)));
  }

  static SimResponse inputValidation(List<PredictionInput.Problem> problems) {
    StringBuilder detail = new StringBuilder();
    ObjectNode body = Json.object();
    body.put("title", "Input validation failed");
    ArrayNode fields = Json.array();
    for (PredictionInput.Problem p : problems) {
      detail.append("- ").append(p.field()).append(": ").append(p.description()).append('\n');
      ObjectNode f = fields.addObject();
      f.put("type", p.type());
      f.put("field", p.field());
      f.put("description", p.description());
    }
    body.put("detail", detail.toString());
    body.put("status", 422);
    body.set("invalid_fields", fields);
    return SimResponse.bytes(422, PROBLEM_JSON, Json.bytes(body));
  }
}
