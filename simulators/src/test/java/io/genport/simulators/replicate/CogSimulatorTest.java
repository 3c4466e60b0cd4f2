package io.genport.simulators.replicate;

import static io.genport.simulators.TestHttp.dataUriBytes;
import static io.genport.simulators.TestHttp.imageSize;
import static io.genport.simulators.replicate.Http.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.genport.simulators.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CogSimulatorTest {
  private final Http http = new Http();
  private CogSimulator cog;

  @BeforeEach
  void start() {
    cog = CogSimulator.builder().start();
  }

  @AfterEach
  void stop() {
    cog.close();
  }

  private URI at(String path) {
    return URI.create(cog.baseUri() + path);
  }

  private HttpResponse<byte[]> predict(String input) throws Exception {
    return http.send("POST", at("/predictions"), Map.of(), "{\"input\":" + input + "}");
  }

  @Test
  void aSyncPredictionAnswersTheFinishedPredictionWithDataUris() throws Exception {
    HttpResponse<byte[]> r =
        predict(
            "{\"prompt\":\"a lighthouse\",\"aspect_ratio\":\"3:2\",\"num_outputs\":2,"
                + "\"output_format\":\"png\",\"seed\":3}");
    assertEquals(200, r.statusCode());
    JsonNode p = json(r);
    assertEquals("succeeded", p.get("status").asText());
    assertTrue(p.get("error").isNull());
    assertTrue(p.at("/metrics/predict_time").isNumber());
    assertTrue(p.get("logs").asText().contains("Using seed: 3"));
    assertEquals(2, p.get("output").size());
    byte[] img = dataUriBytes(p.at("/output/1").asText(), "image/png");
    assertArrayEquals(new int[] {1216, 832}, imageSize(img));
    assertEquals(1, cog.generations().size());
  }

  @Test
  void aFailedRunIsStillHttp200() throws Exception {
    HttpResponse<byte[]> r = predict("{\"prompt\":\"x [fail]\"}");
    assertEquals(200, r.statusCode());
    assertEquals("failed", json(r).get("status").asText());
    assertTrue(json(r).get("error").asText().contains("CUDA"));
    assertEquals("failed", json(predict("{\"prompt\":\"x [nsfw]\"}")).get("status").asText());
    assertEquals(
        CogSimulator.TIMED_OUT,
        json(predict("{\"prompt\":\"x [timeout]\"}")).get("error").asText());
  }

  @Test
  void invalidInputGetsPydanticDetails() throws Exception {
    HttpResponse<byte[]> r = predict("{\"num_outputs\":9}");
    assertEquals(422, r.statusCode());
    JsonNode detail = json(r).get("detail");
    assertEquals(2, detail.size());
    assertEquals("[\"body\",\"input\",\"prompt\"]", detail.get(0).get("loc").toString());
    assertEquals("Field required", detail.get(0).get("msg").asText());
    assertEquals("missing", detail.get(0).get("type").asText());
    assertEquals("[\"body\",\"input\",\"num_outputs\"]", detail.get(1).get("loc").toString());
    assertEquals("Input should be less than or equal to 4", detail.get(1).get("msg").asText());
  }

  @Test
  void putIsIdempotent() throws Exception {
    String body = "{\"input\":{\"prompt\":\"p\"}}";
    HttpResponse<byte[]> first = http.send("PUT", at("/predictions/abc"), Map.of(), body);
    HttpResponse<byte[]> again = http.send("PUT", at("/predictions/abc"), Map.of(), body);
    assertEquals(200, first.statusCode());
    assertEquals("abc", json(first).get("id").asText());
    assertEquals(json(first).get("output"), json(again).get("output"));
    assertEquals(1, cog.generations().size());
  }

  @Test
  void asyncPredictionsDeliverWebhooksAndCanBeCancelled() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    CountDownLatch completed = new CountDownLatch(1);
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          JsonNode b = Json.parse(ex.getRequestBody().readAllBytes());
          received.add(b);
          if (!b.get("status").asText().equals("starting")) {
            completed.countDown();
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    hook.start();
    try {
      String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
      HttpResponse<byte[]> r =
          http.send(
              "POST",
              at("/predictions"),
              Map.of("Prefer", "respond-async"),
              "{\"id\":\"job1\",\"input\":{\"prompt\":\"p\"},\"webhook\":\"" + url + "\"}");
      assertEquals(202, r.statusCode());
      assertEquals("starting", json(r).get("status").asText());
      assertTrue(completed.await(10, TimeUnit.SECONDS));
      assertEquals("succeeded", received.get(received.size() - 1).get("status").asText());
    } finally {
      hook.stop(0);
    }

    try (CogSimulator slow = CogSimulator.builder().predictDelay(Duration.ofSeconds(20)).start()) {
      HttpResponse<byte[]> r =
          http.send(
              "PUT",
              URI.create(slow.baseUri() + "/predictions/long"),
              Map.of("Prefer", "respond-async"),
              "{\"input\":{\"prompt\":\"p\"}}");
      assertEquals(202, r.statusCode());
      HttpResponse<byte[]> c =
          http.send(
              "POST", URI.create(slow.baseUri() + "/predictions/long/cancel"), Map.of(), null);
      assertEquals(200, c.statusCode());
      assertEquals("{}", new String(c.body(), java.nio.charset.StandardCharsets.UTF_8));
      JsonNode end = null;
      for (int i = 0; i < 200; i++) {
        end =
            json(
                http.send(
                    "PUT",
                    URI.create(slow.baseUri() + "/predictions/long"),
                    Map.of("Prefer", "respond-async"),
                    "{\"input\":{\"prompt\":\"p\"}}"));
        if (!end.get("status").asText().equals("starting")) {
          break;
        }
        Thread.sleep(10);
      }
      assertEquals("canceled", end.get("status").asText());
      assertEquals(java.util.Set.of("long"), slow.cancelledIds());
      HttpResponse<byte[]> unknown =
          http.send("POST", URI.create(slow.baseUri() + "/predictions/zz/cancel"), Map.of(), null);
      assertEquals(404, unknown.statusCode());
    }
  }

  @Test
  void uploadedOutputsAndSingleOutputs() throws Exception {
    try (CogSimulator up =
        CogSimulator.builder()
            .uploadOutputs(true)
            .rules(ModelRules.dimensions(64, 2048, 8, 512).toBuilder().singleOutput().build())
            .start()) {
      HttpResponse<byte[]> r =
          http.send(
              "POST",
              URI.create(up.baseUri() + "/predictions"),
              Map.of(),
              "{\"input\":{\"prompt\":\"p\",\"width\":640,\"height\":480}}");
      JsonNode out = json(r).get("output");
      assertTrue(out.isTextual());
      HttpResponse<byte[]> img = http.send("GET", URI.create(out.asText()), Map.of(), null);
      assertArrayEquals(new int[] {640, 480}, imageSize(img.body()));
    }
  }

  @Test
  void healthAndDiscovery() throws Exception {
    assertEquals(
        "READY",
        json(http.send("GET", at("/health-check"), Map.of(), null)).get("status").asText());
    assertEquals(
        "/predictions",
        json(http.send("GET", at("/"), Map.of(), null)).get("predictions_url").asText());
  }
}
