package io.genport.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** A request as a route handler sees it: the recorded request plus the path captures. */
public final class SimRequest {
  private final RecordedRequest recorded;
  private final Map<String, String> pathParams;

  SimRequest(RecordedRequest recorded, Map<String, String> pathParams) {
    this.recorded = recorded;
    this.pathParams = pathParams;
  }

  /** The recorded form (same object the journal holds). */
  public RecordedRequest recorded() {
    return recorded;
  }

  /** The simulator host name it arrived on. */
  public String host() {
    return recorded.host();
  }

  /** Upper-case method. */
  public String method() {
    return recorded.method();
  }

  /** Decoded path. */
  public String path() {
    return recorded.path();
  }

  /** The path as sent, percent-encoding kept. */
  public String rawPath() {
    return recorded.rawPath();
  }

  /** A capture of the route's {@link PathPattern}; {@link PathPattern#TAIL} for the tail. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** All captures. */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /** First value of a header (case-insensitive). */
  public Optional<String> header(String name) {
    return recorded.header(name);
  }

  /** First value of a query parameter. */
  public Optional<String> queryParam(String name) {
    return recorded.queryParam(name);
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return recorded.body();
  }

  /** The body as UTF-8. */
  public String bodyText() {
    return recorded.bodyText();
  }

  /** The body as JSON; fails when it is not JSON. */
  public JsonNode bodyJson() {
    return recorded.bodyJson();
  }
}
