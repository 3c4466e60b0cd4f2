package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP call a provider will make, as planned, without credentials. The credential header is
 * named but its value is added only when the call is sent, so a plan can be printed, logged and
 * compared safely.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param uri the full URL
 * @param headers non-secret headers, in order
 * @param credentialHeader the name of the header that will carry the credential, or {@code null}
 * @param body the JSON body, or {@code null}
 */
public record NativeCall(
    String method, URI uri, Map<String, String> headers, String credentialHeader, String body) {
  public NativeCall {
    requireNonNull(method, "method is null");
    requireNonNull(uri, "uri is null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
