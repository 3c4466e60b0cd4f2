package io.genport.simulators.eachlabs;

import io.genport.simulators.SimResponse;
import java.util.Map;

/**
 * Each Labs' error bodies. Errors of a request itself are {@code {"error": "<message>"}} with the
 * HTTP status (docs.eachlabs.ai "Error Reference"); a prediction that was accepted and failed later
 * keeps HTTP 200 on its status request and carries {@code {"error_code", "error_message"}} in its
 * {@code output} ({@link #failureOutput}).
 */
public final class EachLabsErrors {
  /** Documented V1 failure codes the simulator produces (docs.eachlabs.ai "Error Reference"). */
  public static final String PROVIDER_REJECTED = "PROVIDER_REJECTED";

  /** The model did not produce an output. */
  public static final String PROVIDER_FAILED = "PROVIDER_FAILED";

  /** The execution exceeded its time limit. */
  public static final String EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT";

  /** The model is temporarily rate limited. */
  public static final String PROVIDER_RATE_LIMIT = "PROVIDER_RATE_LIMIT";

  private EachLabsErrors() {}

  /** {@code {"error": message}} with {@code status}. */
  public static SimResponse error(int status, String message) {
    return SimResponse.json(status, Map.of("error", message));
  }

  /** 401 {@code {"error":"Invalid or missing API key"}} (documented). */
  public static SimResponse unauthorized() {
    return error(401, "Invalid or missing API key");
  }

  /**
   * 400 {@code {"error":"Invalid input for model: <detail>"}} (the documented message, detail
   * added).
   */
  public static SimResponse invalidInput(String detail) {
    return error(400, "Invalid input for model" + (detail == null ? "" : ": " + detail));
  }

  /** 404 {@code {"error":"Model not found"}} (message documented, status inferred). */
  public static SimResponse modelNotFound() {
    return error(404, "Model not found");
  }

  /** 404 {@code {"error":"Prediction not found"}} (documented). */
  public static SimResponse predictionNotFound() {
    return error(404, "Prediction not found");
  }

  /**
   * 429 {@code {"error":"Rate limit exceeded. Please retry after N seconds."}} with Retry-After.
   */
  public static SimResponse rateLimited(int retryAfterSeconds) {
    return error(429, "Rate limit exceeded. Please retry after " + retryAfterSeconds + " seconds.")
        .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
  }

  /** 500 {@code {"error":"Failed to create prediction"}} (documented for the create call). */
  public static SimResponse createFailed() {
    return error(500, "Failed to create prediction");
  }

  /** The {@code output} of a failed prediction: {@code {"error_code", "error_message"}}. */
  public static Map<String, String> failureOutput(String code, String message) {
    return Map.of("error_code", code, "error_message", message);
  }

  /** The stock message of a failure code. */
  static String messageOf(String code) {
    switch (code) {
      case PROVIDER_REJECTED:
        return "The request could not be processed: the content was flagged by a content-safety"
            + " check.";
      case PROVIDER_FAILED:
        return "The model did not produce an output.";
      case EXECUTION_TIMEOUT:
        return "The execution exceeded its time limit.";
      case PROVIDER_RATE_LIMIT:
        return "This model is temporarily rate limited. Retry shortly.";
      default:
        return "The prediction failed.";
    }
  }
}
