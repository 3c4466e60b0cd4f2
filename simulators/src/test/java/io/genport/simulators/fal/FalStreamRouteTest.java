package io.genport.simulators.fal;

import static io.genport.simulators.TestHttp.dataUriBytes;
import static io.genport.simulators.TestHttp.imageSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Json;
import io.genport.simulators.TestHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST fal.run/{app}/stream} answers with server-sent events, as fal's does, never JSON. */
class FalStreamRouteTest {
  private final TestHttp http = new TestHttp();
  private final FalSimulator sim = FalSimulator.builder().start();

  @AfterEach
  void stop() {
    sim.close();
  }

  private URI sync(String path) {
    return URI.create(sim.syncBaseUri() + path);
  }

  @Test
  void streamAnswersTheOutputAsOneServerSentEvent() throws Exception {
    HttpResponse<byte[]> r =
        http.post(
            sync("/fal-ai/flux/dev/stream"),
            FalSimulator.DEFAULT_KEY,
            "{\"prompt\":\"a red fox\",\"image_size\":\"square\",\"seed\":7,"
                + "\"output_format\":\"png\",\"sync_mode\":true}");

    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(body.startsWith("data: ") && body.endsWith("\n\n"), body);
    JsonNode event = Json.parse(body.substring("data: ".length()).strip());
    assertEquals(7, event.get("seed").asLong());
    byte[] png = dataUriBytes(event.at("/images/0/url").asText(), "image/png");
    assertArrayEquals(new int[] {512, 512}, imageSize(png));
    assertEquals(1, sim.syncRunCount());
  }

  @Test
  void anAppWithoutASubpathStreamsToo() throws Exception {
    HttpResponse<byte[]> r =
        http.post(
            sync("/fal-ai/flux-2/stream"), FalSimulator.DEFAULT_KEY, "{\"prompt\":\"a fox\"}");

    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void badInputAndAMissingKeyAreRefusedBeforeAnyStream() throws Exception {
    HttpResponse<byte[]> invalid =
        http.post(sync("/fal-ai/flux/dev/stream"), FalSimulator.DEFAULT_KEY, "{\"seed\":1}");
    HttpResponse<byte[]> noKey =
        http.post(sync("/fal-ai/flux/dev/stream"), null, "{\"prompt\":\"a fox\"}");

    assertEquals(422, invalid.statusCode());
    assertFalse(invalid.headers().firstValue("Content-Type").orElse("").contains("event-stream"));
    assertEquals(401, noKey.statusCode());
  }
}
