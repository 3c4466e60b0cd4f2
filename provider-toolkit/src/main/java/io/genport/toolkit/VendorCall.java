package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to a vendor host, without its credential (the {@link VendorClient} adds it).
 *
 * @param method e.g. {@code GET}
 * @param uri absolute, on one of the vendor's configured hosts
 * @param headers non-secret headers, in order
 * @param body a JSON body, or {@code null}
 * @param timeout the response timeout, or {@code null} for the transport's default
 */
public record VendorCall(
    String method, URI uri, Map<String, String> headers, String body, Duration timeout) {
  public VendorCall {
    requireNonNull(method, "method is null");
    requireNonNull(uri, "uri is null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A {@code GET} with no extra headers. */
  public static VendorCall get(URI uri) {
    return new VendorCall("GET", uri, Map.of(), null, null);
  }

  /** A bodiless request with {@code method}. */
  public static VendorCall of(String method, URI uri) {
    return new VendorCall(method, uri, Map.of(), null, null);
  }
}
