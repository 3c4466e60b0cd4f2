package io.genport.simulators.oxen;

import static io.genport.simulators.TestHttp.imageSize;
import static io.genport.simulators.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageRenderer;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobTiming;
import io.genport.simulators.ManualClock;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.TestHttp;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OxenSimulatorTest {
  private static final String KEY = OxenSimulator.DEFAULT_KEY;

  private final TestHttp http = new TestHttp();
  private OxenSimulator oxen;

  @AfterEach
  void stop() {
    if (oxen != null) {
      oxen.close();
    }
  }

  private OxenSimulator start() {
    return start(OxenSimulator.builder());
  }

  private OxenSimulator start(OxenSimulator.Builder b) {
    oxen = b.start();
    return oxen;
  }

  private HttpResponse<byte[]> send(String method, String path, String authorization, String json)
      throws Exception {
    URI uri = path.startsWith("http") ? URI.create(path) : URI.create(oxen.hubBaseUri() + path);
    return http.sendAuthorized(method, uri, authorization, json);
  }

  private HttpResponse<byte[]> post(String path, String json) throws Exception {
    return send("POST", path, "Bearer " + KEY, json);
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return send("GET", path, "Bearer " + KEY, null);
  }

  private String enqueue(String json) throws Exception {
    HttpResponse<byte[]> r = post("/api/ai/queue", json);
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    JsonNode g = json(r).get("generations");
    assertEquals(1, g.size());
    assertEquals("queued", g.get(0).get("status").asText());
    return g.get(0).get("generation_id").asText();
  }

  private JsonNode poll(String id) throws Exception {
    HttpResponse<byte[]> r = get("/api/ai/queue/" + id);
    assertEquals(200, r.statusCode());
    return json(r);
  }

  private JsonNode pollUntilDone(String id) throws Exception {
    for (int i = 0; i < 10; i++) {
      JsonNode g = poll(id);
      String s = g.get("status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) {
        return g;
      }
    }
    throw new AssertionError("not done after 10 polls");
  }

  private int[] download(String url) throws Exception {
    HttpResponse<byte[]> r = send("GET", url, null, null);
    assertEquals(200, r.statusCode(), url);
    return imageSize(r.body());
  }

  private static void assertTypedError(
      HttpResponse<byte[]> r, int status, String type, String detail) {
    assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    JsonNode body = json(r);
    assertEquals(type, body.get("error").get("type").asText());
    assertEquals("error", body.get("status").asText());
    assertEquals(type, body.get("status_message").asText());
    if (detail != null) {
      assertEquals(detail, body.get("error").get("detail").asText());
    }
  }

  // ---------------------------------------------------------------- sync

  @Test
  void syncGenerateAnswersWithAUrlToAnImageOfTheRequestedSize() throws Exception {
    start();
    HttpResponse<byte[]> r =
        post(
            "/api/ai/images/generate",
            "{\"model\":\"flux-2-pro\",\"prompt\":\"a red fox\",\"aspect_ratio\":\"16:9\","
                + "\"resolution\":\"1 MP\",\"seed\":42,\"output_format\":\"png\"}");
    assertEquals(200, r.statusCode());
    JsonNode body = json(r);
    assertEquals("flux-2-pro", body.get("model").asText());
    assertTrue(body.get("created").isIntegralNumber());
    assertEquals(1, body.get("images").size());
    String url = body.get("images").get(0).get("url").asText();
    assertTrue(url.startsWith(oxen.hubBaseUri() + "/api/ai/generated/"), url);
    assertTrue(url.endsWith(".png"), url);
    assertArrayEquals(new int[] {1360, 768}, download(url));
    // The file needs no key, and none was sent.
    RecordedRequest fileGet = oxen.requests().last(OxenSimulator.FILE).orElseThrow();
    assertTrue(fileGet.header("Authorization").isEmpty());

    OxenGeneration g = oxen.syncRuns().get(0);
    assertEquals(42, g.seed());
    assertFalse(g.seedGenerated());
    assertEquals("png", g.outputFormat());
    assertTrue(g.safetyChecker());
  }

  @ParameterizedTest
  @CsvSource({
    "0.5 MP, 1:1, 720, 720",
    "0.5 MP, 16:9, 960, 544",
    "0.5 MP, 2:3, 592, 880",
    "1 MP, 1:1, 1024, 1024",
    "1 MP, 9:16, 768, 1360",
    "1 MP, 4:3, 1184, 880",
    "1 MP, 3:4, 880, 1184",
    "1 MP, 3:2, 1248, 832",
    "2 MP, 1:1, 1456, 1456",
    "2 MP, 16:9, 1936, 1088",
    "2 MP, 3:2, 1776, 1184"
  })
  void imagesHaveTheRatioAtTheResolutionClass(String resolution, String ratio, int w, int h)
      throws Exception {
    start();
    JsonNode body =
        json(
            post(
                "/api/ai/images/generate",
                "{\"model\":\"flux-2-pro\",\"prompt\":\"p\",\"aspect_ratio\":\""
                    + ratio
                    + "\",\"resolution\":\""
                    + resolution
                    + "\",\"output_format\":\"jpg\",\"response_format\":\"b64_json\"}"));
    byte[] bytes = Base64.getDecoder().decode(body.get("images").get(0).get("b64_json").asText());
    assertEquals((byte) 0xFF, bytes[0], "jpg renders JPEG");
    assertArrayEquals(new int[] {w, h}, imageSize(bytes));
  }

  @Test
  void defaultsAreTheSeedsSixteenByNineAtOneMegapixelInWebp() throws Exception {
    start();
    JsonNode body =
        json(post("/api/ai/images/generate", "{\"model\":\"flux-2-pro\",\"prompt\":\"p\"}"));
    String url = body.get("images").get(0).get("url").asText();
    assertTrue(url.endsWith(".webp"), url);
    HttpResponse<byte[]> img = send("GET", url, null, null);
    int[] decoded = io.genport.simulators.WebpLosslessEncoderTest.Vp8lDecoder.decode(img.body());
    assertArrayEquals(new int[] {1360, 768}, new int[] {decoded[0], decoded[1]});
    OxenGeneration g = oxen.syncRuns().get(0);
    assertEquals("16:9", g.aspectRatio());
    assertEquals("1 MP", g.resolution());
    assertEquals("webp", g.outputFormat());
    assertTrue(g.seedGenerated());
  }

  @Test
  void editTakesAnInputImageListAndMatchesItsRatio() throws Exception {
    start();
    byte[] input =
        ImageRenderer.shared().render("input", 1, 300, 600, io.genport.simulators.ImageFormat.PNG);
    String dataUri = ImageRenderer.dataUri(input, io.genport.simulators.ImageFormat.PNG);
    HttpResponse<byte[]> r =
        post(
            "/api/ai/images/edit",
            "{\"model\":\"flux-2-pro\",\"prompt\":\"make it blue\",\"input_image\":[\""
                + dataUri
                + "\",\"https://example.com/b.png\"],\"aspect_ratio\":\"match_input_image\"}");
    assertEquals(200, r.statusCode());
    String url = json(r).get("images").get(0).get("url").asText();
    // 1:2 at 1 MP: 724 x 1448, rounded to multiples of 16.
    assertArrayEquals(new int[] {720, 1456}, download(url));
    assertEquals(2, oxen.syncRuns().get(0).inputImages().size());

    // Seed 002 calls edit without an input image; the contract says it is required: both work.
    assertEquals(
        200,
        post("/api/ai/images/edit", "{\"model\":\"flux-2-pro\",\"prompt\":\"x\"}").statusCode());
    oxen.close();
    start(OxenSimulator.builder().editRequiresInputImage(true));
    assertTypedError(
        post("/api/ai/images/edit", "{\"model\":\"flux-2-pro\",\"prompt\":\"x\"}"),
        400,
        "invalid_params",
        "input_image is required");
  }

  @Test
  void b64JsonAndTheOlderImageUrlKey() throws Exception {
    start(OxenSimulator.builder().legacyImageUrlKey(true));
    JsonNode img =
        json(post(
                "/api/ai/images/generate",
                "{\"model\":\"m\",\"prompt\":\"p\",\"aspect_ratio\":\"1:1\"}"))
            .get("images")
            .get(0);
    assertFalse(img.has("url"));
    assertArrayEquals(new int[] {1024, 1024}, download(img.get("image_url").asText()));
  }

  @Test
  void syncValidatesAtOnce() throws Exception {
    start(OxenSimulator.builder().knownModels("flux-2-pro"));
    assertTypedError(
        post("/api/ai/images/generate", "{\"model\":\"flux-2-pro\",\"prompt\":\"  \"}"),
        400,
        "invalid_params",
        "Prompt cannot be empty");
    assertEquals(
        OxenErrors.INVALID_PARAMS_TITLE,
        json(post("/api/ai/images/generate", "{\"model\":\"flux-2-pro\"}"))
            .get("error")
            .get("title")
            .asText());
    assertTypedError(
        post(
            "/api/ai/images/generate",
            "{\"model\":\"flux-2-pro\",\"prompt\":\"p\",\"aspect_ratio\":\"5:4\"}"),
        400,
        "invalid_params",
        "aspect_ratio must be one of: 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3, match_input_image");
    assertTypedError(
        post(
            "/api/ai/images/generate",
            "{\"model\":\"flux-2-pro\",\"prompt\":\"p\",\"resolution\":\"4 MP\"}"),
        400,
        "invalid_params",
        "resolution must be one of: 1 MP, 2 MP, 0.5 MP");
    assertTypedError(
        post(
            "/api/ai/images/generate",
            "{\"model\":\"flux-2-pro\",\"prompt\":\"p\",\"guidance\":11}"),
        400,
        "invalid_params",
        null);
    assertTypedError(post("/api/ai/images/generate", "not json"), 400, "invalid_params", null);

    HttpResponse<byte[]> unknown =
        post("/api/ai/images/generate", "{\"model\":\"bad-model-name\",\"prompt\":\"p\"}");
    assertEquals(404, unknown.statusCode());
    assertEquals(
        "{\"error\":{\"message\":\"Model not found: bad-model-name\"}}",
        new String(unknown.body(), StandardCharsets.UTF_8));
    assertEquals(0, oxen.syncRuns().size());
  }

  @Test
  void bearerKeyIsChecked() throws Exception {
    start();
    String body = "{\"model\":\"m\",\"prompt\":\"p\"}";
    assertTypedError(
        send("POST", "/api/ai/images/generate", null, body), 401, "unauthenticated", null);
    assertTypedError(
        send("POST", "/api/ai/queue", "Bearer wrong", body), 401, "unauthenticated", null);
    assertTypedError(
        send("GET", "/api/ai/queue/x", "Key " + KEY, null), 401, "unauthenticated", null);
    assertEquals(0, oxen.jobsCreated());
    oxen.expectKey(null);
    assertEquals(200, send("POST", "/api/ai/queue", "Bearer anything", body).statusCode());
  }

  // ---------------------------------------------------------------- queue

  @Test
  void queueMovesQueuedProcessingSucceededByPolls() throws Exception {
    ManualClock clock = new ManualClock();
    start(OxenSimulator.builder().clock(clock));
    String id =
        enqueue(
            "{\"model\":\"flux-2-pro\",\"prompt\":\"a red fox in the snow\",\"aspect_ratio\":"
                + "\"3:4\",\"resolution\":\"0.5 MP\",\"seed\":42,\"target_namespace\":\"my-org\"}");
    clock.advance(Duration.ofSeconds(2));
    JsonNode q = poll(id);
    assertEquals("queued", q.get("status").asText());
    assertTrue(q.get("result_url").isNull());
    assertTrue(q.get("started_at").isNull());
    clock.advance(Duration.ofSeconds(2));
    JsonNode p = poll(id);
    assertEquals("processing", p.get("status").asText());
    assertEquals("2026-01-01T00:00:04Z", p.get("started_at").asText());
    assertTrue(p.get("completed_at").isNull());
    clock.advance(Duration.ofSeconds(7));
    JsonNode s = poll(id);
    assertEquals("succeeded", s.get("status").asText());
    assertEquals(id, s.get("generation_id").asText());
    assertEquals("flux-2-pro", s.get("model_name").asText());
    assertEquals("a red fox in the snow", s.get("prompt").asText());
    assertEquals("image", s.get("media_type").asText());
    assertTrue(s.get("error_message").isNull());
    assertEquals("2026-01-01T00:00:00Z", s.get("enqueued_at").asText());
    assertEquals("2026-01-01T00:00:04Z", s.get("started_at").asText());
    assertEquals("2026-01-01T00:00:11Z", s.get("completed_at").asText());
    assertEquals("3:4", s.get("aspect_ratio").asText());
    assertEquals(42, s.get("seed").asLong());
    assertArrayEquals(new int[] {624, 832}, download(s.get("result_url").asText()));
    assertEquals(s.get("result_url"), poll(id).get("result_url"), "the same file every time");
    assertEquals(4, oxen.statusPolls(id));
    assertEquals(JobPhase.DONE, oxen.job(id).orElseThrow().phase());
  }

  @Test
  void numGenerationsCreatesIndependentJobs() throws Exception {
    start();
    HttpResponse<byte[]> r =
        post("/api/ai/queue", "{\"model\":\"m\",\"prompt\":\"p\",\"num_generations\":2}");
    assertEquals(2, json(r).get("generations").size());
    assertEquals(2, oxen.jobsCreated());
    assertTypedError(
        post("/api/ai/queue", "{\"model\":\"m\",\"prompt\":\"p\",\"num_generations\":5}"),
        400,
        "invalid_params",
        "num_generations must be an integer between 1 and 4");
    assertTypedError(
        post("/api/ai/queue", "{\"model\":\"m\",\"prompt\":\"\"}"),
        400,
        "invalid_params",
        "Prompt cannot be empty");
    assertEquals(2, oxen.jobsCreated());
  }

  @Test
  void queueValidatesParametersAtRunTime() throws Exception {
    start();
    String id = enqueue("{\"model\":\"m\",\"prompt\":\"p\",\"output_format\":\"gif\"}");
    JsonNode g = pollUntilDone(id);
    assertEquals("failed", g.get("status").asText());
    assertEquals("output_format must be one of: webp, jpg, png", g.get("error_message").asText());
    assertTrue(g.get("result_url").isNull());
    assertTrue(oxen.job(id).orElseThrow().generation().isEmpty());
  }

  @Test
  void creditsRunOutAsAFailedGenerationOnTheQueueAnd402OnSync() throws Exception {
    start(OxenSimulator.builder().credits(1));
    String paid = enqueue("{\"model\":\"m\",\"prompt\":\"p\"}");
    String unpaid = enqueue("{\"model\":\"m\",\"prompt\":\"p\"}");
    assertEquals("succeeded", pollUntilDone(paid).get("status").asText());
    JsonNode failed = pollUntilDone(unpaid);
    assertEquals("failed", failed.get("status").asText());
    assertEquals("Insufficient credits", failed.get("error_message").asText());
    assertEquals(0L, oxen.creditsLeft().orElseThrow());

    assertTypedError(
        post("/api/ai/images/generate", "{\"model\":\"m\",\"prompt\":\"p\"}"),
        402,
        "insufficient_credits",
        "Insufficient credits");

    oxen.credits(null);
    String word = enqueue("{\"model\":\"m\",\"prompt\":\"p [nocredits]\"}");
    assertEquals("Insufficient credits", pollUntilDone(word).get("error_message").asText());
    assertEquals(
        200, post("/api/ai/images/generate", "{\"model\":\"m\",\"prompt\":\"p\"}").statusCode());
  }

  @Test
  void triggerWordsOnTheQueueAndOnSync() throws Exception {
    start();
    assertEquals(
        OxenSimulator.CONTENT_REJECTED,
        pollUntilDone(enqueue("{\"model\":\"m\",\"prompt\":\"p [reject]\"}"))
            .get("error_message")
            .asText());
    assertEquals(
        OxenSimulator.MODEL_FAILED,
        pollUntilDone(enqueue("{\"model\":\"m\",\"prompt\":\"p [fail]\"}"))
            .get("error_message")
            .asText());
    assertEquals(
        OxenSimulator.TIMED_OUT,
        pollUntilDone(enqueue("{\"model\":\"m\",\"prompt\":\"p [timeout]\"}"))
            .get("error_message")
            .asText());
    assertEquals(
        OxenSimulator.CONTENT_REJECTED,
        pollUntilDone(enqueue("{\"model\":\"m\",\"prompt\":\"p [nsfw]\"}"))
            .get("error_message")
            .asText());
    assertEquals(
        "succeeded",
        pollUntilDone(
                enqueue(
                    "{\"model\":\"m\",\"prompt\":\"p [nsfw]\",\"disable_safety_checker\":true}"))
            .get("status")
            .asText());

    assertTypedError(
        post("/api/ai/images/generate", "{\"model\":\"m\",\"prompt\":\"[reject]\"}"),
        400,
        "invalid_params",
        OxenSimulator.CONTENT_REJECTED);
    assertTypedError(
        post("/api/ai/images/generate", "{\"model\":\"m\",\"prompt\":\"[fail]\"}"),
        500,
        "unknown_error",
        OxenSimulator.MODEL_FAILED);
    assertTypedError(
        post("/api/ai/images/generate", "{\"model\":\"m\",\"prompt\":\"[timeout]\"}"),
        504,
        "unknown_error",
        OxenSimulator.TIMED_OUT);
  }

  @Test
  void nsfwCanBeBlackedOutInsteadOfRefused() throws Exception {
    start(OxenSimulator.builder().blackOutNsfw(true));
    JsonNode g = pollUntilDone(enqueue("{\"model\":\"m\",\"prompt\":\"p [nsfw]\",\"seed\":1}"));
    assertEquals("succeeded", g.get("status").asText());
    byte[] black = send("GET", g.get("result_url").asText(), null, null).body();
    int[] img = io.genport.simulators.WebpLosslessEncoderTest.Vp8lDecoder.decode(black);
    assertEquals(0, img[2 + img[0] * (img[1] / 2) + img[0] / 2] & 0xFFFFFF, "webp by default");
    JsonNode sync =
        json(
            post(
                "/api/ai/images/generate",
                "{\"model\":\"m\",\"prompt\":\"p [nsfw]\",\"response_format\":\"b64_json\"}"));
    byte[] bytes = Base64.getDecoder().decode(sync.get("images").get(0).get("b64_json").asText());
    img = io.genport.simulators.WebpLosslessEncoderTest.Vp8lDecoder.decode(bytes);
    assertEquals(0, img[2 + img[0] * 10 + 10] & 0xFFFFFF);
  }

  @Test
  void cancelEndsAGenerationAndGivesItsCreditsBack() throws Exception {
    start(OxenSimulator.builder().credits(5));
    String id = enqueue("{\"model\":\"m\",\"prompt\":\"p\"}");
    assertEquals(4L, oxen.creditsLeft().orElseThrow());
    assertEquals("queued", poll(id).get("status").asText());
    HttpResponse<byte[]> c = send("DELETE", "/api/ai/queue/" + id, "Bearer " + KEY, null);
    assertEquals(200, c.statusCode());
    assertEquals(
        "{\"status\":\"success\",\"generation_id\":\"" + id + "\"}",
        new String(c.body(), StandardCharsets.UTF_8));
    JsonNode g = poll(id);
    assertEquals("cancelled", g.get("status").asText());
    assertFalse(g.get("completed_at").isNull());
    assertEquals(List.of(id), oxen.cancelledIds());
    assertEquals(5L, oxen.creditsLeft().orElseThrow());
    // No effect on an ended generation.
    assertEquals(200, send("DELETE", "/api/ai/queue/" + id, "Bearer " + KEY, null).statusCode());
    assertEquals("cancelled", poll(id).get("status").asText());

    HttpResponse<byte[]> unknown =
        send("DELETE", "/api/ai/queue/00000000-0000-4000-8000-000000000000", "Bearer " + KEY, null);
    assertEquals(404, unknown.statusCode());
    assertEquals(
        "{\"error\":{\"type\":\"resource_not_found\",\"title\":\"The requested resource could not be"
            + " found\"},\"status\":\"error\",\"status_message\":\"resource_not_found\"}",
        new String(unknown.body(), StandardCharsets.UTF_8));
    assertEquals(404, get("/api/ai/queue/nope").statusCode());
  }

  @Test
  void listShowsActiveGenerationsUnlessAStatusIsGiven() throws Exception {
    start();
    String a = enqueue("{\"model\":\"a\",\"prompt\":\"p\"}");
    String b = enqueue("{\"model\":\"b\",\"prompt\":\"p\"}");
    pollUntilDone(a);
    JsonNode active = json(get("/api/ai/queue"));
    assertEquals(1, active.get("count").asInt());
    assertEquals(b, active.get("generations").get(0).get("generation_id").asText());
    JsonNode done = json(get("/api/ai/queue?status=succeeded"));
    assertEquals(a, done.get("generations").get(0).get("generation_id").asText());
    assertEquals(0, json(get("/api/ai/queue?model=a")).get("count").asInt());
    assertEquals(0, oxen.statusPolls(b), "listing does not count as a status read");
  }

  @Test
  void resultsCanLiveOnASeparateHostAndExpire() throws Exception {
    ManualClock clock = new ManualClock();
    start(
        OxenSimulator.builder()
            .clock(clock)
            .resultsOnMediaHost(true)
            .mediaTtl(Duration.ofMinutes(10))
            .jobTiming(JobTiming.immediate()));
    String url = poll(enqueue("{\"model\":\"m\",\"prompt\":\"p\"}")).get("result_url").asText();
    assertTrue(url.startsWith(oxen.mediaBaseUri() + "/files/"), url);
    assertArrayEquals(new int[] {1360, 768}, download(url));
    clock.advance(Duration.ofMinutes(10));
    assertEquals(404, send("GET", url, null, null).statusCode());
  }

  @Test
  void faultsUseOxensShapes() throws Exception {
    start();
    oxen.faults().on(OxenSimulator.ENQUEUE).inject(OxenFaults.rateLimited(3));
    HttpResponse<byte[]> r = post("/api/ai/queue", "{\"model\":\"m\",\"prompt\":\"p\"}");
    assertEquals(429, r.statusCode());
    assertEquals("3", r.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(0, oxen.jobsCreated());
    enqueue("{\"model\":\"m\",\"prompt\":\"p\"}");
    assertEquals(2, oxen.enqueueCount());
    oxen.faults().on(OxenSimulator.GENERATE).inject(OxenFaults.unknownError(503));
    assertTypedError(
        post("/api/ai/images/generate", "{\"model\":\"m\",\"prompt\":\"p\"}"),
        503,
        "unknown_error",
        null);
    assertEquals(1, oxen.syncCount());
  }

  @Test
  void eventsStreamCompletionsAfterSubscribing() throws Exception {
    start(
        OxenSimulator.builder()
            .jobTiming(JobTiming.immediate())
            .eventsKeepAlive(Duration.ofMillis(200)));
    String before = enqueue("{\"model\":\"m\",\"prompt\":\"before\"}");
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(oxen.hubBaseUri() + "/api/events"))
            .header("Authorization", "Bearer " + KEY)
            .build();
    HttpResponse<InputStream> stream =
        http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(oxen.requests().awaitCount(OxenSimulator.EVENTS, 1, Duration.ofSeconds(5)));
    String ok = enqueue("{\"model\":\"flux-2-pro\",\"prompt\":\"ok\"}");
    String bad = enqueue("{\"model\":\"m\",\"prompt\":\"[fail]\"}");
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      CompletableFuture<Void> read =
          CompletableFuture.runAsync(
              () -> {
                try {
                  String line;
                  int events = 0;
                  boolean keepAlive = false;
                  while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("data: ")) {
                      events++;
                    }
                    keepAlive |= line.equals(": keep-alive");
                    if (events == 2 && keepAlive) {
                      return;
                    }
                  }
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      read.get(10, TimeUnit.SECONDS);
    }
    List<JsonNode> data = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("data: ")) {
        assertEquals("event: media_generation_completed", lines.get(i - 1));
        data.add(io.genport.simulators.Json.parse(lines.get(i).substring(6)));
      }
    }
    assertEquals(2, data.size(), lines.toString());
    JsonNode first =
        data.get(0).get("generation_id").asText().equals(ok) ? data.get(0) : data.get(1);
    JsonNode second = first == data.get(0) ? data.get(1) : data.get(0);
    assertEquals("succeeded", first.get("status").asText());
    assertEquals("flux-2-pro", first.get("model").asText());
    assertTrue(first.get("url").asText().startsWith(oxen.hubBaseUri().toString()));
    assertEquals(bad, second.get("generation_id").asText());
    assertEquals("failed", second.get("status").asText());
    assertEquals(OxenSimulator.MODEL_FAILED, second.get("error").asText());
    assertFalse(second.has("url"));
    assertFalse(second.has("model"));
    assertFalse(lines.toString().contains(before), "no replay of earlier completions");
  }

  @Test
  void unknownPathsAnswerResourceNotFound() throws Exception {
    start();
    assertTypedError(get("/api/ai/nothing"), 404, "resource_not_found", null);
    assertEquals(1, oxen.requests().count(Endpoint.of("GET", "/api/ai/nothing")));
  }
}
