package io.genport.simulators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response a simulator route (or a {@link Fault}) produces. Immutable; the {@code with*}
 * methods return copies.
 */
public final class SimResponse {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final StreamBody stream;

  private SimResponse(int status, Map<String, List<String>> headers, byte[] body) {
    this(status, headers, body, null);
  }

  private SimResponse(
      int status, Map<String, List<String>> headers, byte[] body, StreamBody stream) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("bad status " + status);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.stream = stream;
  }

  /**
   * A streamed (chunked) response whose body {@code stream} writes while the client reads, e.g.
   * server-sent events. Of the body-changing faults, {@link Fault#malformedJson()} leaves it alone
   * and {@link Fault#resetDuringResponse()} resets right after the head.
   */
  public static SimResponse streaming(int status, String contentType, StreamBody stream) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Content-Type", List.of(contentType));
    return new SimResponse(
        status, Collections.unmodifiableMap(h), new byte[0], Objects.requireNonNull(stream));
  }

  /** A JSON response; {@code body} is a {@code JsonNode}, map, list, string... */
  public static SimResponse json(int status, Object body) {
    return bytes(status, "application/json", Json.bytes(body));
  }

  /** A response with raw bytes. */
  public static SimResponse bytes(int status, String contentType, byte[] body) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    if (contentType != null) {
      h.put("Content-Type", List.of(contentType));
    }
    return new SimResponse(status, Collections.unmodifiableMap(h), body.clone());
  }

  /** A plain-text response. */
  public static SimResponse text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** A response without a body. */
  public static SimResponse empty(int status) {
    return new SimResponse(status, Map.of(), new byte[0]);
  }

  /** A copy with one more header value. */
  public SimResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, List<String>> h = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(h.getOrDefault(name, List.of()));
    values.add(value);
    h.put(name, List.copyOf(values));
    return new SimResponse(status, Collections.unmodifiableMap(h), body, stream);
  }

  /** A copy with another body (headers kept); a streamed response is returned unchanged. */
  public SimResponse withBody(byte[] newBody) {
    if (stream != null) {
      return this;
    }
    return new SimResponse(status, headers, newBody.clone());
  }

  /** A copy with another status. */
  public SimResponse withStatus(int newStatus) {
    return new SimResponse(newStatus, headers, body, stream);
  }

  /** The streamed body, or {@code null} for an ordinary response. */
  public StreamBody stream() {
    return stream;
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** Headers in insertion order. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** First value of a header, case-insensitive name, or {@code null}. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  int bodyLength() {
    return body.length;
  }

  byte[] bodyUnsafe() {
    return body;
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SimResponse[" + status + ", " + body.length + " bytes]";
  }
}
