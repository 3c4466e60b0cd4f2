package io.genport.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;

/** A tiny JDK HttpClient wrapper for the simulator tests. */
public final class TestHttp {
  private final HttpClient client;

  public TestHttp() {
    // HTTP/1.1 only: the JDK client would otherwise try an h2c upgrade on http:// URIs.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public HttpResponse<byte[]> send(String method, URI uri, String key, String json)
      throws IOException, InterruptedException {
    return send(method, uri, key, json, Duration.ofSeconds(10));
  }

  public HttpResponse<byte[]> send(
      String method, URI uri, String key, String json, Duration timeout)
      throws IOException, InterruptedException {
    return sendAuthorized(method, uri, key == null ? null : "Key " + key, json, timeout);
  }

  /** Sends with {@code authorization} as the whole {@code Authorization} value (none if null). */
  public HttpResponse<byte[]> sendAuthorized(
      String method, URI uri, String authorization, String json)
      throws IOException, InterruptedException {
    return sendAuthorized(method, uri, authorization, json, Duration.ofSeconds(10));
  }

  private HttpResponse<byte[]> sendAuthorized(
      String method, URI uri, String authorization, String json, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The client itself, for other body handlers (a stream, say). */
  public HttpClient client() {
    return client;
  }

  public HttpResponse<byte[]> post(URI uri, String key, String json)
      throws IOException, InterruptedException {
    return send("POST", uri, key, json);
  }

  public HttpResponse<byte[]> get(URI uri, String key) throws IOException, InterruptedException {
    return send("GET", uri, key, null);
  }

  public HttpResponse<byte[]> put(URI uri, String key) throws IOException, InterruptedException {
    return send("PUT", uri, key, null);
  }

  public static JsonNode json(HttpResponse<byte[]> response) {
    return Json.parse(response.body());
  }

  /** Decodes an image and returns {width, height}. */
  public static int[] imageSize(byte[] bytes) {
    if (bytes.length > 12
        && new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WEBP")) {
      // ImageIO reads no WebP: decode it here, which also proves it is one.
      int[] decoded = WebpLosslessEncoderTest.Vp8lDecoder.decode(bytes);
      return new int[] {decoded[0], decoded[1]};
    }
    try {
      var img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new AssertionError("not a decodable image");
      }
      return new int[] {img.getWidth(), img.getHeight()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a {@code data:<mime>;base64,...} URI. */
  public static byte[] dataUriBytes(String uri, String expectedMime) {
    String prefix = "data:" + expectedMime + ";base64,";
    if (!uri.startsWith(prefix)) {
      throw new AssertionError("expected " + prefix + "... but got " + uri.substring(0, 40));
    }
    return Base64.getDecoder().decode(uri.substring(prefix.length()));
  }
}
