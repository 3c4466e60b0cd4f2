package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JDK HttpClient wrapper for the Replicate and Cog simulator tests. */
final class Http {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  HttpResponse<byte[]> send(String method, URI uri, Map<String, String> headers, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Headers with {@code Authorization: Bearer token} (none when token is null) and extras. */
  static Map<String, String> bearer(String token, String... extra) {
    Map<String, String> h = new LinkedHashMap<>();
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < extra.length; i += 2) {
      h.put(extra[i], extra[i + 1]);
    }
    return h;
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    return Json.parse(r.body());
  }
}
