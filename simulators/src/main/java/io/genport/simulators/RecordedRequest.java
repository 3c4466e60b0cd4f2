package io.genport.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a simulator received it, for assertions. Header names are lower-cased. When a
 * fault dropped the connection before the body was read, {@link #bodyRead()} is false and the body
 * is empty.
 */
public final class RecordedRequest {
  private final long sequence;
  private final String host;
  private final String route;
  private final String method;
  private final String path;
  private final String rawPath;
  private final String rawQuery;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final boolean bodyRead;
  private final Instant receivedAt;
  private final String fault;

  RecordedRequest(
      long sequence,
      String host,
      String route,
      String method,
      String path,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      byte[] body,
      boolean bodyRead,
      Instant receivedAt,
      String fault) {
    this.sequence = sequence;
    this.host = host;
    this.route = route;
    this.method = method;
    this.path = path;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.bodyRead = bodyRead;
    this.receivedAt = receivedAt;
    this.fault = fault;
  }

  /** Arrival order across all hosts of one simulator, starting at 1. */
  public long sequence() {
    return sequence;
  }

  /** The simulator host it arrived on (e.g. {@code "queue"}). */
  public String host() {
    return host;
  }

  /** The route it was dispatched to, or {@code null} when no route matched. */
  public String route() {
    return route;
  }

  /** Upper-case method. */
  public String method() {
    return method;
  }

  /** Decoded path, without the query. */
  public String path() {
    return path;
  }

  /**
   * The path exactly as the client sent it, percent-encoding kept ({@code
   * /model/amazon.nova-canvas-v1%3A0/invoke}): what a request signature covers.
   */
  public String rawPath() {
    return rawPath;
  }

  /** The raw query string, or {@code null}. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Decoded query parameters. */
  public Map<String, List<String>> query() {
    return query;
  }

  /** First value of a query parameter. */
  public Optional<String> queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Headers, names lower-cased. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** First value of a header (case-insensitive name). */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** A copy of the body bytes (empty when not read). */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body parsed as JSON; fails when it is not JSON. */
  public JsonNode bodyJson() {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("request body is not JSON", e);
    }
  }

  /** Whether the body was read (false when a fault dropped the connection before). */
  public boolean bodyRead() {
    return bodyRead;
  }

  /** When it arrived, by the simulator's clock. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** A description of the injected fault, or {@code null} when it was served normally. */
  public String fault() {
    return fault;
  }

  @Override
  public String toString() {
    // Header values are left out on purpose: they carry credentials.
    return "#"
        + sequence
        + " "
        + method
        + " "
        + host
        + path
        + (rawQuery == null ? "" : "?" + rawQuery)
        + (route == null ? "" : " -> " + route)
        + (fault == null ? "" : " [fault: " + fault + "]");
  }
}
