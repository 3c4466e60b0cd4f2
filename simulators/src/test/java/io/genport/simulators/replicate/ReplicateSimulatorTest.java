package io.genport.simulators.replicate;

import static io.genport.simulators.TestHttp.dataUriBytes;
import static io.genport.simulators.TestHttp.imageSize;
import static io.genport.simulators.replicate.Http.bearer;
import static io.genport.simulators.replicate.Http.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Fault;
import io.genport.simulators.JobTiming;
import io.genport.simulators.ManualClock;
import io.genport.simulators.RecordedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicateSimulatorTest {
  private static final String TOKEN = ReplicateSimulator.DEFAULT_TOKEN;
  private static final String VERSION =
      "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

  private final Http http = new Http();
  private ReplicateSimulator sim;

  @BeforeEach
  void start() {
    sim =
        ReplicateSimulator.builder()
            .model("luma/photon", ModelRules.flux().toBuilder().singleOutput().build())
            .start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private URI api(String path) {
    return URI.create(sim.baseUri() + path);
  }

  private HttpResponse<byte[]> create(String model, String input, String... headers)
      throws Exception {
    return http.send(
        "POST",
        api("/v1/models/" + model + "/predictions"),
        bearer(TOKEN, headers),
        "{\"input\":" + input + "}");
  }

  private JsonNode get(String id) throws Exception {
    HttpResponse<byte[]> r = http.send("GET", api("/v1/predictions/" + id), bearer(TOKEN), null);
    assertEquals(200, r.statusCode());
    return json(r);
  }

  private JsonNode pollToEnd(String id) throws Exception {
    for (int i = 0; i < 10; i++) {
      JsonNode p = get(id);
      String s = p.get("status").asText();
      if (!s.equals("starting") && !s.equals("processing")) {
        return p;
      }
    }
    throw new AssertionError("prediction did not end");
  }

  @Test
  void theListPagesThroughPredictionsNewestFirstWithTheirInputWithoutPollingThem()
      throws Exception {
    int n = ReplicateSimulator.LIST_PAGE + 2;
    for (int i = 0; i < n; i++) {
      assertEquals(201, create("acme/model", "{\"prompt\":\"p" + i + "\"}").statusCode());
    }
    HttpResponse<byte[]> first = http.send("GET", api("/v1/predictions"), bearer(TOKEN), null);
    assertEquals(200, first.statusCode());
    JsonNode page = json(first);
    assertEquals(ReplicateSimulator.LIST_PAGE, page.get("results").size());
    assertEquals("p" + (n - 1), page.get("results").get(0).get("input").get("prompt").asText());
    assertEquals("acme/model", page.get("results").get(0).get("model").asText());
    assertTrue(page.get("previous").isNull());

    // A prediction created between pages does not shift the next page.
    create("acme/model", "{\"prompt\":\"late\"}");
    HttpResponse<byte[]> second =
        http.send("GET", URI.create(page.get("next").asText()), bearer(TOKEN), null);
    JsonNode rest = json(second);
    assertEquals(2, rest.get("results").size());
    assertEquals("p1", rest.get("results").get(0).get("input").get("prompt").asText());
    assertEquals("p0", rest.get("results").get(1).get("input").get("prompt").asText());
    assertTrue(rest.get("next").isNull());

    String id = rest.get("results").get(1).get("id").asText();
    assertEquals("starting", get(id).get("status").asText(), "listing did not poll it");
    assertEquals(
        401, http.send("GET", api("/v1/predictions"), Map.of(), null).statusCode(), "keyed");
  }

  @Test
  void officialModelMovesFromStartingThroughProcessingToSucceeded() throws Exception {
    HttpResponse<byte[]> r =
        create(
            "black-forest-labs/flux-schnell",
            "{\"prompt\":\"a red fox\",\"aspect_ratio\":\"16:9\",\"num_outputs\":2,\"seed\":42,"
                + "\"output_format\":\"png\"}");
    assertEquals(201, r.statusCode());
    JsonNode created = json(r);
    String id = created.get("id").asText();
    assertTrue(id.matches("[a-z2-7]{26}"), id);
    assertEquals("starting", created.get("status").asText());
    assertTrue(created.get("output").isNull());
    assertTrue(created.get("error").isNull());
    assertEquals("", created.get("logs").asText());
    assertEquals("black-forest-labs/flux-schnell", created.get("model").asText());
    assertEquals("a red fox", created.at("/input/prompt").asText());
    assertEquals(sim.baseUri() + "/v1/predictions/" + id, created.at("/urls/get").asText());
    assertEquals(
        sim.baseUri() + "/v1/predictions/" + id + "/cancel", created.at("/urls/cancel").asText());

    assertEquals("starting", get(id).get("status").asText());
    JsonNode processing = get(id);
    assertEquals("processing", processing.get("status").asText());
    assertTrue(processing.get("output").isNull(), "no output while processing");
    assertTrue(processing.get("logs").asText().contains("Using seed: 42"));
    assertTrue(processing.has("started_at"));

    JsonNode done = get(id);
    assertEquals("succeeded", done.get("status").asText());
    assertTrue(done.at("/metrics/predict_time").isNumber());
    assertTrue(done.has("completed_at"));
    assertEquals(2, done.get("output").size());
    assertNotEquals(done.at("/output/0").asText(), done.at("/output/1").asText());
    for (JsonNode url : done.get("output")) {
      assertTrue(url.asText().startsWith(sim.filesBaseUri() + "/xezq/"), url.asText());
      HttpResponse<byte[]> img = http.send("GET", URI.create(url.asText()), Map.of(), null);
      assertEquals(200, img.statusCode());
      assertEquals("image/png", img.headers().firstValue("Content-Type").orElse(""));
      assertArrayEquals(new int[] {1344, 768}, imageSize(img.body()), "cog-flux 16:9 size");
    }
    assertEquals(done.get("output"), get(id).get("output"), "the same URLs on every read");
    assertEquals(4, sim.prediction(id).orElseThrow().statusPolls());
    for (RecordedRequest file : sim.requests().matching(ReplicateSimulator.FILE)) {
      assertTrue(file.header("Authorization").isEmpty());
    }
  }

  @Test
  void versionedCreateTakesTheVersionFromTheBody() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            "POST",
            api("/v1/predictions"),
            bearer(TOKEN),
            "{\"version\":\"" + VERSION + "\",\"input\":{\"prompt\":\"p\"}}");
    assertEquals(201, r.statusCode());
    assertEquals(VERSION, json(r).get("version").asText());
    assertEquals(
        ReplicateSimulator.CREATE_VERSION.toString(),
        "Endpoint[" + sim.predictions().get(0).createdBy() + "]");

    HttpResponse<byte[]> ownerName =
        http.send(
            "POST",
            api("/v1/predictions"),
            bearer(TOKEN),
            "{\"version\":\"acme/model:" + VERSION + "\",\"input\":{\"prompt\":\"p\"}}");
    assertEquals("acme/model", json(ownerName).get("model").asText());

    HttpResponse<byte[]> bad =
        http.send(
            "POST",
            api("/v1/predictions"),
            bearer(TOKEN),
            "{\"version\":\"not-a-version\",\"input\":{\"prompt\":\"p\"}}");
    assertEquals(422, bad.statusCode());
    assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").get());
    assertEquals("Invalid version or not permitted", json(bad).get("title").asText());
  }

  @Test
  void registeredVersionsAreTheOnlyOnesAccepted() throws Exception {
    try (ReplicateSimulator strict =
        ReplicateSimulator.builder().version(VERSION, "acme/flux-fine-tune").start()) {
      HttpResponse<byte[]> ok =
          http.send(
              "POST",
              URI.create(strict.baseUri() + "/v1/predictions"),
              bearer(TOKEN),
              "{\"version\":\"" + VERSION + "\",\"input\":{\"prompt\":\"p\"}}");
      assertEquals("acme/flux-fine-tune", json(ok).get("model").asText());
      HttpResponse<byte[]> other =
          http.send(
              "POST",
              URI.create(strict.baseUri() + "/v1/predictions"),
              bearer(TOKEN),
              "{\"version\":\"" + "0".repeat(64) + "\",\"input\":{\"prompt\":\"p\"}}");
      assertEquals(422, other.statusCode());
    }
  }

  @Test
  void preferWaitFinishesAnImmediatePredictionWithDataUris() throws Exception {
    sim.jobTiming(JobTiming.immediate());
    HttpResponse<byte[]> r =
        create("black-forest-labs/flux-dev", "{\"prompt\":\"p\",\"seed\":1}", "Prefer", "wait");
    assertEquals(201, r.statusCode());
    assertEquals("wait=60", r.headers().firstValue("Preference-Applied").orElse(""));
    JsonNode p = json(r);
    assertEquals("succeeded", p.get("status").asText());
    byte[] img = dataUriBytes(p.at("/output/0").asText(), "image/webp");
    assertArrayEquals(new int[] {1024, 1024}, imageSize(img));
    assertEquals(0, sim.prediction(p.get("id").asText()).orElseThrow().statusPolls());
  }

  @Test
  void preferWaitAnswersAtOnceWhenOnlyPollsMoveThePrediction() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r =
        create("black-forest-labs/flux-dev", "{\"prompt\":\"p\"}", "Prefer", "wait=5");
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos());
    // Replicate answers an unfinished wait 201 with the prediction as it is, as its cassettes show.
    assertEquals(201, r.statusCode());
    assertEquals("wait=5", r.headers().firstValue("Preference-Applied").orElse(""));
    assertEquals("starting", json(r).get("status").asText());
  }

  @Test
  void preferWaitBlocksUntilATimeDrivenPredictionEnds() throws Exception {
    sim.jobTiming(JobTiming.durations(Duration.ZERO, Duration.ofMillis(150)));
    HttpResponse<byte[]> r =
        create("black-forest-labs/flux-dev", "{\"prompt\":\"p\"}", "Prefer", "wait=10");
    assertEquals(201, r.statusCode());
    assertEquals("succeeded", json(r).get("status").asText());

    sim.jobTiming(JobTiming.durations(Duration.ZERO, Duration.ofSeconds(30)));
    HttpResponse<byte[]> slow =
        create("black-forest-labs/flux-dev", "{\"prompt\":\"p\"}", "Prefer", "wait=1");
    assertEquals(201, slow.statusCode());
    assertEquals("processing", json(slow).get("status").asText());
  }

  @Test
  void preferWaitAboveSixtyIsClampedNotRefused() throws Exception {
    sim.jobTiming(JobTiming.immediate());
    for (String asked : List.of("wait=61", "wait=100", "wait=3600")) {
      HttpResponse<byte[]> r =
          create("black-forest-labs/flux-dev", "{\"prompt\":\"p\"}", "Prefer", asked);
      assertEquals(201, r.statusCode(), asked);
      assertEquals("wait=60", r.headers().firstValue("Preference-Applied").orElse(""), asked);
      assertEquals("succeeded", json(r).get("status").asText(), asked);
    }
  }

  @Test
  void cancelAfterAbortsAPredictionThatNeverStartedAndCancelsARunningOne() throws Exception {
    ManualClock clock = new ManualClock();
    try (ReplicateSimulator timed = ReplicateSimulator.builder().clock(clock).start()) {
      timed.jobTiming(JobTiming.polls(100, 100));
      URI create = URI.create(timed.baseUri() + "/v1/models/a/b/predictions");
      String queued =
          json(http.send(
                  "POST",
                  create,
                  bearer(TOKEN, "Cancel-After", "30s"),
                  "{\"input\":{\"prompt\":\"p\"}}"))
              .get("id")
              .asText();
      timed.jobTiming(JobTiming.polls(0, 100));
      String running =
          json(http.send(
                  "POST",
                  create,
                  bearer(TOKEN, "Cancel-After", "1m"),
                  "{\"input\":{\"prompt\":\"p\"}}"))
              .get("id")
              .asText();
      String plain =
          json(http.send("POST", create, bearer(TOKEN), "{\"input\":{\"prompt\":\"p\"}}"))
              .get("id")
              .asText();
      URI base = timed.baseUri();
      java.util.function.Function<String, JsonNode> get =
          id -> {
            try {
              return json(
                  http.send(
                      "GET", URI.create(base + "/v1/predictions/" + id), bearer(TOKEN), null));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          };
      assertEquals("starting", get.apply(queued).get("status").asText());
      assertEquals("processing", get.apply(running).get("status").asText());

      clock.advance(Duration.ofMinutes(2));

      assertEquals("aborted", get.apply(queued).get("status").asText());
      assertEquals("canceled", get.apply(running).get("status").asText());
      assertEquals("processing", get.apply(plain).get("status").asText(), "no header, no deadline");
    }
  }

  @Test
  void badPreferHeadersAreRefused() throws Exception {
    for (String bad : List.of("wait=0", "respond-async", "wait=abc", "wait=-5")) {
      HttpResponse<byte[]> r =
          create("black-forest-labs/flux-dev", "{\"prompt\":\"p\"}", "Prefer", bad);
      assertEquals(400, r.statusCode(), bad);
    }
    assertEquals(0, sim.predictionsCreated());
  }

  @Test
  void aMissingOrWrongTokenIsUnauthenticated() throws Exception {
    HttpResponse<byte[]> none =
        http.send(
            "POST", api("/v1/models/a/b/predictions"), Map.of(), "{\"input\":{\"prompt\":\"p\"}}");
    assertEquals(401, none.statusCode());
    assertEquals(
        "{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication"
            + " token\",\"status\":401}",
        new String(none.body(), java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<byte[]> wrong =
        http.send("GET", api("/v1/predictions/x"), bearer("r8_wrong"), null);
    assertEquals(401, wrong.statusCode());
    HttpResponse<byte[]> keyScheme =
        http.send("GET", api("/v1/predictions/x"), Map.of("Authorization", "Key " + TOKEN), null);
    assertEquals(401, keyScheme.statusCode());
  }

  @Test
  void invalidInputIsRefusedAtCreateListingEveryField() throws Exception {
    HttpResponse<byte[]> r =
        create(
            "black-forest-labs/flux-dev",
            "{\"aspect_ratio\":\"custom\",\"width\":2000,\"height\":100,\"num_outputs\":5,"
                + "\"output_format\":\"gif\"}");
    assertEquals(422, r.statusCode());
    JsonNode body = json(r);
    assertEquals("Input validation failed", body.get("title").asText());
    assertEquals(422, body.get("status").asInt());
    String detail = body.get("detail").asText();
    assertTrue(detail.contains("- input: prompt is required\n"), detail);
    assertTrue(detail.contains("- input.width: Must be less than or equal to 1440\n"), detail);
    assertTrue(detail.contains("- input.height: Must be greater than or equal to 256\n"), detail);
    assertTrue(detail.contains("- input.num_outputs: Must be less than or equal to 4\n"), detail);
    assertTrue(detail.contains("input.output_format must be one of"), detail);
    assertEquals(5, body.get("invalid_fields").size());
    HttpResponse<byte[]> ratio =
        create("black-forest-labs/flux-dev", "{\"prompt\":\"p\",\"aspect_ratio\":\"7:5\"}");
    assertTrue(json(ratio).get("detail").asText().contains("input.aspect_ratio must be one of"));
    assertEquals(0, sim.predictionsCreated());
  }

  @Test
  void customSizesAreRoundedToMultiplesOf16AndMegapixelsScale() throws Exception {
    sim.jobTiming(JobTiming.immediate());
    HttpResponse<byte[]> custom =
        create(
            "black-forest-labs/flux-dev",
            "{\"prompt\":\"p\",\"aspect_ratio\":\"custom\",\"width\":1000,\"height\":700,"
                + "\"output_format\":\"jpg\"}",
            "Prefer",
            "wait");
    byte[] img = dataUriBytes(json(custom).at("/output/0").asText(), "image/jpeg");
    assertArrayEquals(new int[] {1008, 704}, imageSize(img));
    HttpResponse<byte[]> quarter =
        create(
            "black-forest-labs/flux-schnell",
            "{\"prompt\":\"p\",\"megapixels\":\"0.25\",\"aspect_ratio\":\"4:3\"}",
            "Prefer",
            "wait");
    byte[] small = dataUriBytes(json(quarter).at("/output/0").asText(), "image/webp");
    assertArrayEquals(new int[] {576, 448}, imageSize(small));
  }

  @Test
  void webpIsServedAsWebp() throws Exception {
    String id =
        json(create("black-forest-labs/flux-dev", "{\"prompt\":\"p\",\"output_format\":\"webp\"}"))
            .get("id")
            .asText();
    String url = pollToEnd(id).at("/output/0").asText();
    assertTrue(url.endsWith("/out-0.webp"), url);
    HttpResponse<byte[]> img = http.send("GET", URI.create(url), Map.of(), null);
    assertEquals("image/webp", img.headers().firstValue("Content-Type").orElse(""));
    int[] decoded = io.genport.simulators.WebpLosslessEncoderTest.Vp8lDecoder.decode(img.body());
    assertEquals(1024, decoded[0]);
    assertEquals("webp", sim.prediction(id).orElseThrow().generation().outputFormat());
  }

  @Test
  void triggerWordsEndPredictionsTheWayReplicateDoes() throws Exception {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("[reject]", "failed");
    expected.put("[nsfw]", "failed");
    expected.put("[fail]", "failed");
    expected.put("[timeout]", "failed");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String id =
          json(create("black-forest-labs/flux-dev", "{\"prompt\":\"a " + e.getKey() + "\"}"))
              .get("id")
              .asText();
      JsonNode end = pollToEnd(id);
      assertEquals(e.getValue(), end.get("status").asText(), e.getKey());
      assertTrue(end.get("output").isNull());
    }
    List<ReplicatePrediction> all = sim.predictions();
    assertTrue(pollToEnd(all.get(0).id()).get("error").asText().contains("E005"));
    assertTrue(pollToEnd(all.get(1).id()).get("error").asText().startsWith("NSFW content"));
    assertTrue(pollToEnd(all.get(2).id()).get("error").asText().contains("CUDA out of memory"));
    assertEquals("Prediction timed out", pollToEnd(all.get(3).id()).get("error").asText());

    String unchecked =
        json(create(
                "black-forest-labs/flux-dev",
                "{\"prompt\":\"a [nsfw]\",\"disable_safety_checker\":true}"))
            .get("id")
            .asText();
    assertEquals("succeeded", pollToEnd(unchecked).get("status").asText());
  }

  @Test
  void cancelEndsARunningPredictionAndLeavesAFinishedOneAlone() throws Exception {
    String id = json(create("a/b", "{\"prompt\":\"p\"}")).get("id").asText();
    HttpResponse<byte[]> c =
        http.send("POST", api("/v1/predictions/" + id + "/cancel"), bearer(TOKEN), null);
    assertEquals(200, c.statusCode());
    assertEquals("canceled", json(c).get("status").asText());
    assertEquals("canceled", get(id).get("status").asText());
    assertEquals(List.of(id), sim.cancelledIds());

    sim.jobTiming(JobTiming.immediate());
    String done = json(create("a/b", "{\"prompt\":\"p\"}")).get("id").asText();
    assertEquals("succeeded", get(done).get("status").asText());
    HttpResponse<byte[]> late =
        http.send("POST", api("/v1/predictions/" + done + "/cancel"), bearer(TOKEN), null);
    assertEquals(200, late.statusCode());
    assertEquals("succeeded", json(late).get("status").asText());

    HttpResponse<byte[]> unknown =
        http.send("POST", api("/v1/predictions/nope/cancel"), bearer(TOKEN), null);
    assertEquals(404, unknown.statusCode());
    assertEquals("Not found", json(unknown).get("title").asText());
  }

  @Test
  void outputShapesFollowTheModel() throws Exception {
    sim.jobTiming(JobTiming.immediate());
    JsonNode single =
        json(create("luma/photon", "{\"prompt\":\"p\"}", "Prefer", "wait")).get("output");
    assertTrue(single.isTextual(), "photon returns one URI");
    try (ReplicateSimulator inline =
        ReplicateSimulator.builder()
            .dataUriOutputs(true)
            .jobTiming(JobTiming.polls(0, 0))
            .start()) {
      HttpResponse<byte[]> r =
          http.send(
              "POST",
              URI.create(inline.baseUri() + "/v1/models/a/b/predictions"),
              bearer(TOKEN),
              "{\"input\":{\"prompt\":\"p\"}}");
      String id = json(r).get("id").asText();
      HttpResponse<byte[]> g =
          http.send(
              "GET", URI.create(inline.baseUri() + "/v1/predictions/" + id), bearer(TOKEN), null);
      assertTrue(json(g).at("/output/0").asText().startsWith("data:image/webp;base64,"));
    }
  }

  @Test
  void faultsUseReplicateBodies() throws Exception {
    sim.faults()
        .on(ReplicateSimulator.CREATE_MODEL)
        .inject(Fault.respond(ReplicateErrors.throttled(7)));
    HttpResponse<byte[]> r = create("a/b", "{\"prompt\":\"p\"}");
    assertEquals(429, r.statusCode());
    assertEquals("7", r.headers().firstValue("Retry-After").orElse(""));
    assertTrue(json(r).get("detail").asText().contains("throttled"));
    assertEquals(0, sim.predictionsCreated());
    assertEquals(201, create("a/b", "{\"prompt\":\"p\"}").statusCode());
    assertEquals(2, sim.createCount());
    assertFalse(sim.predictions().isEmpty());
  }

  @Test
  void unknownPredictionsAndModelsAreNotFound() throws Exception {
    HttpResponse<byte[]> r = http.send("GET", api("/v1/predictions/zzz"), bearer(TOKEN), null);
    assertEquals(404, r.statusCode());
    try (ReplicateSimulator known = ReplicateSimulator.builder().knownModels("a/b").start()) {
      HttpResponse<byte[]> other =
          http.send(
              "POST",
              URI.create(known.baseUri() + "/v1/models/c/d/predictions"),
              bearer(TOKEN),
              "{\"input\":{\"prompt\":\"p\"}}");
      assertEquals(404, other.statusCode());
    }
  }
}
