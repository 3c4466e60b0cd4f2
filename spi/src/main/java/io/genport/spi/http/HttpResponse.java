package io.genport.spi.http;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP response whose body is streamed. Close it (or its body) to release the connection.
 *
 * @param status the status code
 * @param headers header names (case-insensitive) to values
 * @param body the body stream; never null (empty for no body)
 * @since 1
 */
public record HttpResponse(int status, Map<String, List<String>> headers, InputStream body)
    implements Closeable {
  public HttpResponse {
    requireNonNull(body, "body is null");
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    headers = Collections.unmodifiableMap(h);
  }

  /** The first value of header {@code name}, or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Reads the whole body (at most {@code maxBytes}) and closes the response. */
  public byte[] readBody(int maxBytes) {
    try (this) {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new HttpTransportException(
            "response body is larger than " + maxBytes + " bytes", true, null);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + "]";
  }
}
