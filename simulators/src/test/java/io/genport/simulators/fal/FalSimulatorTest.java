package io.genport.simulators.fal;

import static io.genport.simulators.TestHttp.dataUriBytes;
import static io.genport.simulators.TestHttp.imageSize;
import static io.genport.simulators.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobTiming;
import io.genport.simulators.ManualClock;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.TestHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FalSimulatorTest {
  private static final String KEY = FalSimulator.DEFAULT_KEY;

  private final TestHttp http = new TestHttp();
  private FalSimulator fal;

  @BeforeEach
  void start() {
    fal =
        FalSimulator.builder().defaultImageSize("fal-ai/fast-sdxl", FalImageSize.SQUARE_HD).start();
  }

  @AfterEach
  void stop() {
    fal.close();
  }

  private URI sync(String path) {
    return URI.create(fal.syncBaseUri() + path);
  }

  private URI queue(String path) {
    return URI.create(fal.queueBaseUri() + path);
  }

  // ---------------------------------------------------------------- sync

  @Test
  void syncRunWithPresetReturnsDataUrisOfTheRightSize() throws Exception {
    HttpResponse<byte[]> r =
        http.post(
            sync("/fal-ai/flux/dev"),
            KEY,
            "{\"prompt\":\"a red fox\",\"image_size\":\"portrait_16_9\",\"num_images\":2,"
                + "\"seed\":42,\"output_format\":\"png\",\"sync_mode\":true}");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("x-fal-request-id").isPresent());
    JsonNode body = json(r);
    assertEquals(42, body.get("seed").asLong());
    assertEquals("a red fox", body.get("prompt").asText());
    assertEquals(2, body.get("images").size());
    assertEquals("[false,false]", body.get("has_nsfw_concepts").toString());
    assertTrue(body.get("timings").get("inference").isNumber());
    for (JsonNode img : body.get("images")) {
      assertEquals(576, img.get("width").asInt());
      assertEquals(1024, img.get("height").asInt());
      assertEquals("image/png", img.get("content_type").asText());
      byte[] bytes = dataUriBytes(img.get("url").asText(), "image/png");
      assertArrayEquals(new int[] {576, 1024}, imageSize(bytes));
      assertEquals(bytes.length, img.get("file_size").asInt());
    }
    // Two images of one request differ (seed + index).
    assertNotEquals(
        body.get("images").get(0).get("url").asText(),
        body.get("images").get(1).get("url").asText());
    FalGeneration g = fal.syncRuns().get(0);
    assertEquals("fal-ai/flux/dev", g.endpointId());
    assertEquals(42, g.seed());
    assertFalse(g.seedGenerated());
  }

  @Test
  void syncRunWithObjectSizeAndJpeg() throws Exception {
    HttpResponse<byte[]> r =
        http.post(
            sync("/fal-ai/flux/dev"),
            KEY,
            "{\"prompt\":\"isometric city\",\"image_size\":{\"width\":1280,\"height\":720},"
                + "\"sync_mode\":true}");
    assertEquals(200, r.statusCode());
    JsonNode img = json(r).get("images").get(0);
    assertEquals("image/jpeg", img.get("content_type").asText());
    assertArrayEquals(
        new int[] {1280, 720}, imageSize(dataUriBytes(img.get("url").asText(), "image/jpeg")));
  }

  @Test
  void everyPresetHasItsSize() throws Exception {
    for (FalImageSize preset : FalImageSize.values()) {
      HttpResponse<byte[]> r =
          http.post(
              sync("/fal-ai/flux/dev"),
              KEY,
              "{\"prompt\":\"p\",\"image_size\":\"" + preset.wireName() + "\",\"sync_mode\":true}");
      JsonNode img = json(r).get("images").get(0);
      assertArrayEquals(
          new int[] {preset.width(), preset.height()},
          imageSize(dataUriBytes(img.get("url").asText(), "image/jpeg")),
          preset.wireName());
    }
  }

  @Test
  void defaultSizeIsPerEndpointAndSeedIsRandomButEchoed() throws Exception {
    JsonNode flux = json(http.post(sync("/fal-ai/flux/dev"), KEY, "{\"prompt\":\"p\"}"));
    assertEquals(1024, flux.get("images").get(0).get("width").asInt());
    assertEquals(768, flux.get("images").get(0).get("height").asInt());
    assertTrue(flux.get("seed").isIntegralNumber());
    assertTrue(fal.syncRuns().get(0).seedGenerated());
    assertEquals(flux.get("seed").asLong(), fal.syncRuns().get(0).seed());

    JsonNode sdxl = json(http.post(sync("/fal-ai/fast-sdxl"), KEY, "{\"prompt\":\"p\"}"));
    assertEquals(1024, sdxl.get("images").get(0).get("height").asInt());
  }

  @Test
  void urlModeServesImagesFromTheMediaHostWithoutAuth() throws Exception {
    JsonNode body =
        json(
            http.post(
                sync("/fal-ai/flux/dev"),
                KEY,
                "{\"prompt\":\"fox\",\"seed\":7,\"image_size\":\"square\",\"output_format\":\"png\"}"));
    String url = body.get("images").get(0).get("url").asText();
    assertTrue(url.startsWith(fal.mediaBaseUri() + "/files/"), url);
    assertTrue(url.endsWith(".png"), url);
    HttpResponse<byte[]> img = http.get(URI.create(url), null);
    assertEquals(200, img.statusCode());
    assertEquals("image/png", img.headers().firstValue("content-type").orElseThrow());
    assertArrayEquals(new int[] {512, 512}, imageSize(img.body()));
    RecordedRequest download = fal.requests().last(FalSimulator.FILE).orElseThrow();
    assertTrue(download.header("authorization").isEmpty());
    assertEquals(
        404, http.get(URI.create(fal.mediaBaseUri() + "/files/nope.png"), null).statusCode());
  }

  @Test
  void imagesAreDeterministicFromPromptAndSeed() throws Exception {
    String req = "{\"prompt\":\"same\",\"seed\":5,\"image_size\":\"square\",\"sync_mode\":true}";
    String a =
        json(http.post(sync("/fal-ai/flux/dev"), KEY, req))
            .get("images")
            .get(0)
            .get("url")
            .asText();
    String b;
    try (FalSimulator other = FalSimulator.builder().randomSeed(99).start()) {
      b =
          json(http.post(URI.create(other.syncBaseUri() + "/fal-ai/flux/dev"), KEY, req))
              .get("images")
              .get(0)
              .get("url")
              .asText();
    }
    assertEquals(a, b);
    String c =
        json(http.post(
                sync("/fal-ai/flux/dev"),
                KEY,
                "{\"prompt\":\"same\",\"seed\":6,\"image_size\":\"square\",\"sync_mode\":true}"))
            .get("images")
            .get(0)
            .get("url")
            .asText();
    assertNotEquals(a, c);
  }

  // ---------------------------------------------------------------- validation

  @Test
  void unknownPresetGetsTheEnumDetailArray() throws Exception {
    HttpResponse<byte[]> r =
        http.post(sync("/fal-ai/flux/dev"), KEY, "{\"prompt\":\"p\",\"image_size\":\"huge\"}");
    assertEquals(422, r.statusCode());
    JsonNode d = json(r).get("detail").get(0);
    assertEquals("[\"body\",\"image_size\"]", d.get("loc").toString());
    assertEquals("enum", d.get("type").asText());
    assertEquals(
        "Input should be 'square_hd', 'square', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3'"
            + " or 'landscape_16_9'",
        d.get("msg").asText());
    assertEquals("huge", d.get("input").asText());
    assertEquals("https://docs.fal.ai/errors/#enum", d.get("url").asText());
    assertTrue(d.get("ctx").has("expected"));
  }

  @Test
  void missingPromptAndBadFieldsAreAllReported() throws Exception {
    HttpResponse<byte[]> r =
        http.post(
            sync("/fal-ai/flux/dev"),
            KEY,
            "{\"image_size\":{\"width\":0,\"height\":20000},\"num_images\":9,\"output_format\":\"gif\"}");
    assertEquals(422, r.statusCode());
    JsonNode detail = json(r).get("detail");
    assertEquals("missing", detail.get(0).get("type").asText());
    assertEquals("[\"body\",\"prompt\"]", detail.get(0).get("loc").toString());
    assertEquals("greater_than", detail.get(1).get("type").asText());
    assertEquals("[\"body\",\"image_size\",\"width\"]", detail.get(1).get("loc").toString());
    assertEquals("less_than_equal", detail.get(2).get("type").asText());
    assertEquals("less_than_equal", detail.get(3).get("type").asText());
    assertEquals("[\"body\",\"num_images\"]", detail.get(3).get("loc").toString());
    assertEquals("enum", detail.get(4).get("type").asText());
    assertEquals(0, fal.syncRuns().size());
  }

  @Test
  void brokenJsonIsA422() throws Exception {
    HttpResponse<byte[]> r = http.post(sync("/fal-ai/flux/dev"), KEY, "{\"prompt\":");
    assertEquals(422, r.statusCode());
    assertEquals("json_invalid", json(r).get("detail").get(0).get("type").asText());
  }

  // ---------------------------------------------------------------- auth

  @Test
  void authFailures() throws Exception {
    String body = "{\"prompt\":\"p\"}";
    for (String key : new String[] {null, "wrong:key"}) {
      HttpResponse<byte[]> r = http.post(sync("/fal-ai/flux/dev"), key, body);
      assertEquals(401, r.statusCode());
      assertEquals("{\"detail\":\"No user found for Key ID and Secret\"}", new String(r.body()));
      assertEquals(401, http.post(queue("/fal-ai/flux/dev"), key, body).statusCode());
    }
    assertEquals(0, fal.jobsCreated());
    assertEquals(2, fal.submitCount());

    fal.expectKey("id:secret");
    assertEquals(401, http.post(sync("/fal-ai/flux/dev"), KEY, body).statusCode());
    assertEquals(200, http.post(sync("/fal-ai/flux/dev"), "id:secret", body).statusCode());
    fal.allowAnonymous(true);
    assertEquals(200, http.post(sync("/fal-ai/flux/dev"), null, body).statusCode());
    assertEquals(401, http.post(sync("/fal-ai/flux/dev"), "other", body).statusCode());
  }

  // ---------------------------------------------------------------- queue

  @Test
  void queueLifecycleDropsTheSubpathAndGoes202Then202Then200() throws Exception {
    HttpResponse<byte[]> submit =
        http.post(
            queue("/fal-ai/flux/dev"),
            KEY,
            "{\"prompt\":\"a fox\",\"image_size\":\"square\",\"seed\":3,\"num_images\":1}");
    assertEquals(200, submit.statusCode());
    JsonNode receipt = json(submit);
    String id = receipt.get("request_id").asText();
    String base = fal.queueBaseUri() + "/fal-ai/flux/requests/" + id;
    assertEquals("IN_QUEUE", receipt.get("status").asText());
    assertEquals(base, receipt.get("response_url").asText());
    assertEquals(base + "/status", receipt.get("status_url").asText());
    assertEquals(base + "/cancel", receipt.get("cancel_url").asText());
    assertEquals(1, receipt.get("queue_position").asInt());
    assertEquals(1, fal.jobsCreated());

    // Result before completion is refused.
    assertEquals(400, http.get(URI.create(base), KEY).statusCode());

    HttpResponse<byte[]> s1 = http.get(URI.create(base + "/status?logs=1"), KEY);
    assertEquals(202, s1.statusCode());
    assertEquals("IN_QUEUE", json(s1).get("status").asText());
    assertEquals(0, json(s1).get("queue_position").asInt());

    HttpResponse<byte[]> s2 = http.get(URI.create(base + "/status?logs=true"), KEY);
    assertEquals(202, s2.statusCode());
    assertEquals("IN_PROGRESS", json(s2).get("status").asText());
    JsonNode log = json(s2).get("logs").get(0);
    assertEquals("INFO", log.get("level").asText());
    assertTrue(log.has("timestamp"));

    HttpResponse<byte[]> s3 =
        http.get(URI.create(receipt.get("status_url").asText() + "?logs=0"), KEY);
    assertEquals(200, s3.statusCode());
    JsonNode done = json(s3);
    assertEquals("COMPLETED", done.get("status").asText());
    assertTrue(done.get("metrics").get("inference_time").isNumber());
    assertFalse(done.has("logs"));
    assertFalse(done.has("error"));
    assertEquals(3, fal.statusPolls(id));

    HttpResponse<byte[]> result = http.get(URI.create(receipt.get("response_url").asText()), KEY);
    assertEquals(200, result.statusCode());
    JsonNode out = json(result);
    assertEquals(3, out.get("seed").asLong());
    String url = out.get("images").get(0).get("url").asText();
    assertArrayEquals(new int[] {512, 512}, imageSize(http.get(URI.create(url), null).body()));
    // A second fetch gives the same output.
    assertEquals(out, json(http.get(URI.create(base), KEY)));

    FalJob job = fal.job(id).orElseThrow();
    assertEquals("fal-ai/flux/dev", job.endpointId());
    assertEquals("fal-ai/flux", job.appId());
    assertEquals("a fox", job.prompt().orElseThrow());
    assertEquals(512, job.generation().orElseThrow().width());
    assertEquals(JobPhase.DONE, job.phase());
  }

  @Test
  void theSubpathIsNotPartOfTheRequestUrls() throws Exception {
    String id =
        json(http.post(queue("/fal-ai/flux/dev"), KEY, "{\"prompt\":\"p\"}"))
            .get("request_id")
            .asText();
    assertEquals(
        404, http.get(queue("/fal-ai/flux/dev/requests/" + id + "/status"), KEY).statusCode());
    assertEquals(
        404, http.get(queue("/fal-ai/other/requests/" + id + "/status"), KEY).statusCode());
    assertEquals(404, http.get(queue("/fal-ai/flux/requests/unknown/status"), KEY).statusCode());
    assertEquals(404, http.get(queue("/fal-ai/flux/requests/unknown"), KEY).statusCode());
    assertEquals(0, fal.statusPolls(id));
  }

  @Test
  void cancelCodes() throws Exception {
    String id =
        json(http.post(queue("/fal-ai/flux/dev"), KEY, "{\"prompt\":\"p\"}"))
            .get("request_id")
            .asText();
    String base = fal.queueBaseUri() + "/fal-ai/flux/requests/" + id;
    HttpResponse<byte[]> c = http.put(URI.create(base + "/cancel"), KEY);
    assertEquals(202, c.statusCode());
    assertEquals("{\"status\":\"CANCELLATION_REQUESTED\"}", new String(c.body()));
    assertEquals(List.of(id), fal.cancelledRequestIds());

    HttpResponse<byte[]> st = http.get(URI.create(base + "/status"), KEY);
    assertEquals(200, st.statusCode());
    assertEquals("COMPLETED", json(st).get("status").asText());
    assertEquals("client_cancelled", json(st).get("error_type").asText());
    HttpResponse<byte[]> res = http.get(URI.create(base), KEY);
    assertEquals(499, res.statusCode());
    assertEquals("client_cancelled", res.headers().firstValue("x-fal-error-type").orElseThrow());

    HttpResponse<byte[]> again = http.put(URI.create(base + "/cancel"), KEY);
    assertEquals(400, again.statusCode());
    assertEquals("{\"status\":\"ALREADY_COMPLETED\"}", new String(again.body()));
    HttpResponse<byte[]> unknown = http.put(queue("/fal-ai/flux/requests/nope/cancel"), KEY);
    assertEquals(404, unknown.statusCode());
    assertEquals("{\"status\":\"NOT_FOUND\"}", new String(unknown.body()));
  }

  @Test
  void invalidQueueInputCompletesWithTheError() throws Exception {
    fal.jobTiming(JobTiming.immediate());
    JsonNode receipt = json(http.post(queue("/fal-ai/flux/dev"), KEY, "{\"image_size\":\"huge\"}"));
    HttpResponse<byte[]> st = http.get(URI.create(receipt.get("status_url").asText()), KEY);
    assertEquals(200, st.statusCode());
    assertEquals("missing", json(st).get("error_type").asText());
    HttpResponse<byte[]> res = http.get(URI.create(receipt.get("response_url").asText()), KEY);
    assertEquals(422, res.statusCode());
    assertEquals(2, json(res).get("detail").size());
    assertTrue(fal.jobs().get(0).failed());
  }

  @Test
  void timeCanDriveJobsWithAManualClock() throws Exception {
    ManualClock clock = new ManualClock();
    try (FalSimulator timed =
        FalSimulator.builder()
            .clock(clock)
            .jobTiming(JobTiming.durations(Duration.ofSeconds(1), Duration.ofSeconds(2)))
            .start()) {
      JsonNode receipt =
          json(
              http.post(
                  URI.create(timed.queueBaseUri() + "/fal-ai/flux/dev"),
                  KEY,
                  "{\"prompt\":\"p\"}"));
      URI status = URI.create(receipt.get("status_url").asText());
      assertEquals("IN_QUEUE", json(http.get(status, KEY)).get("status").asText());
      clock.advance(Duration.ofSeconds(1));
      assertEquals("IN_PROGRESS", json(http.get(status, KEY)).get("status").asText());
      clock.advance(Duration.ofSeconds(2));
      assertEquals(200, http.get(status, KEY).statusCode());
    }
  }

  // ---------------------------------------------------------------- trigger words

  @Test
  void triggerWordsOnSyncRuns() throws Exception {
    URI run = sync("/fal-ai/flux/dev");
    HttpResponse<byte[]> nsfw =
        http.post(
            run,
            KEY,
            "{\"prompt\":\"x [NSFW]\",\"num_images\":2,\"sync_mode\":true,\"output_format\":\"png\"}");
    assertEquals(200, nsfw.statusCode());
    assertEquals("[true,true]", json(nsfw).get("has_nsfw_concepts").toString());
    byte[] png = dataUriBytes(json(nsfw).get("images").get(0).get("url").asText(), "image/png");
    var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertEquals(0, img.getRGB(10, 10) & 0xFFFFFF);

    HttpResponse<byte[]> reject = http.post(run, KEY, "{\"prompt\":\"x [reject]\"}");
    assertEquals(422, reject.statusCode());
    assertEquals(
        "content_policy_violation", json(reject).get("detail").get(0).get("type").asText());

    HttpResponse<byte[]> fail = http.post(run, KEY, "{\"prompt\":\"x [fail]\"}");
    assertEquals(500, fail.statusCode());
    assertEquals("runner_server_error", json(fail).get("error_type").asText());
    assertEquals(
        "runner_server_error", fail.headers().firstValue("x-fal-error-type").orElseThrow());
    assertTrue(fail.headers().firstValue("x-fal-request-id").isPresent());

    HttpResponse<byte[]> timeout = http.post(run, KEY, "{\"prompt\":\"x [timeout]\"}");
    assertEquals(504, timeout.statusCode());
    assertEquals("request_timeout", json(timeout).get("error_type").asText());
  }

  @Test
  void triggerWordsOnTheQueueCompleteWithAnError() throws Exception {
    fal.jobTiming(JobTiming.immediate());
    JsonNode receipt =
        json(http.post(queue("/fal-ai/flux/dev"), KEY, "{\"prompt\":\"[fail] it\"}"));
    JsonNode st = json(http.get(URI.create(receipt.get("status_url").asText()), KEY));
    assertEquals("COMPLETED", st.get("status").asText());
    assertEquals("runner_server_error", st.get("error_type").asText());
    assertTrue(st.has("error"));
    assertNull(st.get("metrics"));
    assertEquals(500, http.get(URI.create(receipt.get("response_url").asText()), KEY).statusCode());
  }

  // ---------------------------------------------------------------- recording and state

  @Test
  void requestsAreRecordedInOrderAndResetClearsState() throws Exception {
    http.post(queue("/fal-ai/flux/dev?fal_webhook=x"), KEY, "{\"prompt\":\"one\"}");
    http.post(sync("/fal-ai/flux/dev"), KEY, "{\"prompt\":\"two\"}");
    List<RecordedRequest> all = fal.requests().all();
    assertEquals(2, all.size());
    assertEquals(1, all.get(0).sequence());
    assertEquals("queue", all.get(0).host());
    assertEquals("fal.queue.submit", all.get(0).route());
    assertEquals("x", all.get(0).queryParam("fal_webhook").orElseThrow());
    assertEquals("Key " + KEY, all.get(0).header("Authorization").orElseThrow());
    assertEquals("one", all.get(0).bodyJson().get("prompt").asText());
    assertEquals("sync", all.get(1).host());
    assertEquals(2, fal.requests().count("POST", "/fal-ai/flux/**"));
    assertEquals(1, fal.requests().count(FalSimulator.RUN));
    assertFalse(all.get(0).toString().contains(KEY));

    fal.reset();
    assertEquals(0, fal.requests().size());
    assertEquals(0, fal.jobsCreated());
    assertEquals(0, fal.syncRuns().size());
  }

  @Test
  void knownEndpointsRestrictTheApps() throws Exception {
    try (FalSimulator strict = FalSimulator.builder().knownEndpoints("fal-ai/flux/dev").start()) {
      assertEquals(
          200,
          http.post(
                  URI.create(strict.syncBaseUri() + "/fal-ai/flux/dev"), KEY, "{\"prompt\":\"p\"}")
              .statusCode());
      HttpResponse<byte[]> r =
          http.post(URI.create(strict.queueBaseUri() + "/fal-ai/nope"), KEY, "{\"prompt\":\"p\"}");
      assertEquals(404, r.statusCode());
      assertEquals(0, strict.jobsCreated());
    }
  }
}
