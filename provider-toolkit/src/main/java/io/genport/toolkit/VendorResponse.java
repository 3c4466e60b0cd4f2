package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * A vendor's answer, its JSON body read whole. An error answer whose body is not JSON (a proxy's
 * HTML page) has an empty object as its body, so the status alone classifies it.
 *
 * @param status the HTTP status
 * @param headers reads a header by name (case-insensitive), or {@code null}
 * @param json the body; an empty object for no body
 */
public record VendorResponse(int status, UnaryOperator<String> headers, JsonNode json) {
  public VendorResponse {
    requireNonNull(headers, "headers is null");
    requireNonNull(json, "json is null");
  }

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The first value of header {@code name}, or {@code null}. */
  public String header(String name) {
    return headers.apply(name);
  }
}
