package io.genport.spi.http;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP request. {@link #toString()} redacts the values of sensitive headers.
 *
 * @param method e.g. {@code GET}
 * @param uri absolute URI
 * @param headers header names to values, in order
 * @param body the body, or {@code null}; not copied, do not mutate
 * @param timeout response timeout for this request, or {@code null} for the transport default
 * @since 1
 */
public record HttpRequest(
    String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

  /** Headers whose values are credentials (compared case-insensitively). */
  public static final Set<String> SENSITIVE =
      Set.of(
          "authorization",
          "x-api-key",
          "x-amz-security-token",
          "proxy-authorization",
          "cookie",
          "x-goog-api-key");

  public HttpRequest {
    requireNonNull(method, "method is null");
    requireNonNull(uri, "uri is null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static HttpRequest get(URI uri, Map<String, String> headers) {
    return new HttpRequest("GET", uri, headers, null, null);
  }

  public static HttpRequest postJson(URI uri, Map<String, String> headers, String json) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.putIfAbsent("Content-Type", "application/json");
    return new HttpRequest("POST", uri, h, json.getBytes(StandardCharsets.UTF_8), null);
  }

  /** Whether {@code name}'s value is a credential. */
  public static boolean isSensitive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return SENSITIVE.contains(n)
        || n.contains("token")
        || n.contains("secret")
        || n.endsWith("-key");
  }

  /** The names of this request's sensitive headers. */
  public Set<String> sensitiveHeaders() {
    Set<String> out = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    headers.keySet().stream().filter(HttpRequest::isSensitive).forEach(out::add);
    return out;
  }

  /** The headers with sensitive values replaced by {@code <redacted>}. */
  public Map<String, String> redactedHeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, isSensitive(k) ? "<redacted>" : v));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpRequest r
        && method.equals(r.method)
        && uri.equals(r.uri)
        && headers.equals(r.headers)
        && java.util.Arrays.equals(body, r.body)
        && java.util.Objects.equals(timeout, r.timeout);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(method, uri, headers, java.util.Arrays.hashCode(body), timeout);
  }

  @Override
  public String toString() {
    return "HttpRequest["
        + method
        + " "
        + uri
        + ", headers="
        + redactedHeaders()
        + ", body="
        + (body == null ? 0 : body.length)
        + " bytes]";
  }
}
