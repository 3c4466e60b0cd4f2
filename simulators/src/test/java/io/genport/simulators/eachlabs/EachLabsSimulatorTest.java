package io.genport.simulators.eachlabs;

import static io.genport.simulators.TestHttp.imageSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Fault;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.JobPhase;
import io.genport.simulators.Json;
import io.genport.simulators.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EachLabsSimulatorTest {
  private static final String KEY = EachLabsSimulator.DEFAULT_KEY;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private EachLabsSimulator each;

  @BeforeEach
  void start() {
    each = EachLabsSimulator.builder().start();
  }

  @AfterEach
  void stop() {
    each.close();
  }

  // ---------------------------------------------------------------- helpers

  private HttpResponse<byte[]> send(String method, String path, String key, String json)
      throws IOException, InterruptedException {
    return send(
        method,
        URI.create(each.apiBaseUri() + path),
        key == null ? Map.of() : Map.of("X-API-Key", key),
        json);
  }

  private HttpResponse<byte[]> send(
      String method, URI uri, Map<String, String> headers, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    return Json.parse(r.body());
  }

  private static String body(String model, String input) {
    return "{\"model\":\"" + model + "\",\"version\":\"0.0.1\",\"input\":" + input + "}";
  }

  private String create(String model, String input) throws Exception {
    HttpResponse<byte[]> r = send("POST", "/v1/prediction", KEY, body(model, input));
    assertEquals(200, r.statusCode(), () -> new String(r.body()));
    JsonNode j = json(r);
    assertEquals("success", j.get("status").asText());
    assertEquals("Prediction created successfully", j.get("message").asText());
    return j.get("predictionID").asText();
  }

  private JsonNode get(String id) throws Exception {
    HttpResponse<byte[]> r = send("GET", "/v1/prediction/" + id, KEY, null);
    assertEquals(200, r.statusCode(), () -> new String(r.body()));
    return json(r);
  }

  /** Polls until the prediction ends. */
  private JsonNode finish(String id) throws Exception {
    for (int i = 0; i < 10; i++) {
      JsonNode p = get(id);
      String s = p.get("status").asText();
      if (!s.equals("starting") && !s.equals("processing")) {
        return p;
      }
    }
    throw new AssertionError("prediction " + id + " did not end");
  }

  private static List<String> urls(JsonNode output) {
    List<String> out = new ArrayList<>();
    if (output.isTextual()) {
      out.add(output.asText());
    } else {
      output.forEach(u -> out.add(u.asText()));
    }
    return out;
  }

  private byte[] download(String url) throws Exception {
    HttpResponse<byte[]> r = send("GET", URI.create(url), Map.of(), null);
    assertEquals(200, r.statusCode());
    return r.body();
  }

  private int[] sizeOf(String model, String input) throws Exception {
    JsonNode done = finish(create(model, input));
    assertEquals("success", done.get("status").asText(), done::toString);
    return imageSize(download(urls(done.get("output")).get(0)));
  }

  // ---------------------------------------------------------------- life of a prediction

  @Test
  void predictionMovesThroughItsStatusesAndReportsOutputLogsAndCost() throws Exception {
    String id =
        create(
            "flux-2",
            "{\"prompt\":\"a red fox\",\"image_size\":\"portrait_16_9\",\"num_images\":2,"
                + "\"seed\":42,\"output_format\":\"png\"}");
    JsonNode p1 = get(id);
    assertEquals("starting", p1.get("status").asText());
    assertTrue(p1.get("output").isNull());
    assertTrue(p1.get("logs").isNull());
    assertEquals("a red fox", p1.get("input").get("prompt").asText());
    assertEquals(each.apiBaseUri() + "/v1/prediction/" + id, p1.get("urls").get("get").asText());
    assertEquals(
        each.apiBaseUri() + "/v1/prediction/" + id + "/cancel",
        p1.get("urls").get("cancel").asText());

    JsonNode p2 = get(id);
    assertEquals("processing", p2.get("status").asText());
    assertTrue(p2.get("logs").asText().contains("Generating 2 image(s)"));

    JsonNode p3 = get(id);
    assertEquals("success", p3.get("status").asText());
    assertEquals(
        0, new BigDecimal("0.006").compareTo(p3.get("metrics").get("cost").decimalValue()));
    assertTrue(p3.get("metrics").get("predict_time").isNumber());
    assertTrue(p3.get("logs").asText().endsWith("Generation finished\n"));
    List<String> urls = urls(p3.get("output"));
    assertEquals(2, urls.size());
    assertNotEquals(urls.get(0), urls.get(1));
    for (String url : urls) {
      assertTrue(url.startsWith(each.mediaBaseUri() + "/files/"), url);
      byte[] png = download(url);
      assertArrayEquals(new int[] {576, 1024}, imageSize(png));
      assertEquals(
          "png",
          ImageIO.getImageReaders(ImageIO.createImageInputStream(new ByteArrayInputStream(png)))
              .next()
              .getFormatName()
              .toLowerCase(java.util.Locale.ROOT));
    }
    assertEquals(urls, urls(get(id).get("output")), "the same files on every request");

    EachLabsPrediction prediction = each.prediction(id).orElseThrow();
    assertEquals("flux-2", prediction.model());
    assertEquals("0.0.1", prediction.version());
    assertEquals(42, prediction.generation().seed());
    assertFalse(prediction.generation().seedGenerated());
    assertEquals(4, prediction.statusPolls());
    assertEquals(1, each.predictionsCreated());
  }

  @Test
  void aSingleImageIsAStringAndDefaultsComeFromTheModelSchema() throws Exception {
    JsonNode done = finish(create("flux-2", "{\"prompt\":\"x\"}"));
    assertTrue(done.get("output").isTextual(), done::toString);
    assertArrayEquals(new int[] {1024, 768}, imageSize(download(done.get("output").asText())));
    EachLabsGeneration g = each.predictions().get(0).generation();
    assertEquals("image_size=landscape_4_3", g.sizeSource());
    assertTrue(g.seedGenerated());
    assertEquals(ImageFormat.PNG, g.format(), "flux-2's default output_format is png");
    assertEquals(
        0, new BigDecimal("0.003").compareTo(done.get("metrics").get("cost").decimalValue()));
  }

  @Test
  void pricesArePerModelAndPerImage() throws Exception {
    each.close();
    each = EachLabsSimulator.builder().price("flux-dev", new BigDecimal("0.025")).start();
    JsonNode done = finish(create("flux-dev", "{\"prompt\":\"x\",\"num_outputs\":3}"));
    assertEquals(
        0, new BigDecimal("0.075").compareTo(done.get("metrics").get("cost").decimalValue()));
    assertEquals(3, done.get("output").size());
  }

  // ---------------------------------------------------------------- both dialects and the one-offs

  @Test
  void replicateStyleAspectRatiosCustomSizesAndMegapixels() throws Exception {
    assertArrayEquals(
        new int[] {1360, 768},
        sizeOf("flux-1-1-pro", "{\"prompt\":\"x\",\"aspect_ratio\":\"16:9\"}"));
    assertArrayEquals(
        new int[] {1024, 512},
        sizeOf(
            "flux-1-1-pro",
            "{\"prompt\":\"x\",\"aspect_ratio\":\"custom\",\"width\":1024,\"height\":512}"));
    assertArrayEquals(
        new int[] {512, 512},
        sizeOf(
            "flux-schnell", "{\"prompt\":\"x\",\"aspect_ratio\":\"1:1\",\"megapixels\":\"0.25\"}"));
    assertArrayEquals(
        new int[] {1360, 768},
        sizeOf("p-image-text-to-image", "{\"prompt\":\"x\"}"),
        "default 16:9");
    assertArrayEquals(
        new int[] {2720, 1536},
        sizeOf("flux-1-1-pro-ultra", "{\"prompt\":\"x\",\"aspect_ratio\":\"16:9\"}"),
        "ultra renders about 4 MP");
    assertArrayEquals(
        new int[] {2736, 1536},
        sizeOf("dreamina-3-1", "{\"prompt\":\"x\"}"),
        "default 16:9 at resolution 2K");
    assertArrayEquals(
        new int[] {1360, 768}, sizeOf("dreamina-3-1", "{\"prompt\":\"x\",\"resolution\":\"1K\"}"));
    assertArrayEquals(
        new int[] {2736, 1536},
        sizeOf(
            "nano-banana-pro",
            "{\"prompt\":\"x\",\"aspect_ratio\":\"16:9\",\"resolution\":\"2K\"}"));
    assertArrayEquals(new int[] {512, 512}, sizeOf("kandinsky-2-2", "{\"prompt\":\"x\"}"));
    assertArrayEquals(
        new int[] {768, 1024},
        sizeOf("kandinsky-2-2", "{\"prompt\":\"x\",\"width\":768,\"height\":1024}"));
    assertArrayEquals(new int[] {512, 728}, sizeOf("realistic-vision-v6-0-b1", "{}"));
  }

  @Test
  void oneOffDialectsHaveTheirOwnSizeAndCountParameters() throws Exception {
    JsonNode bria =
        finish(
            create(
                "bria-v1-text-to-image-hd",
                "{\"prompt\":\"x\",\"model_version\":\"2.2\",\"num_results\":2,"
                    + "\"aspect_ratio\":\"3:2\"}"));
    assertEquals(2, bria.get("output").size());
    assertArrayEquals(
        new int[] {1248, 832}, imageSize(download(bria.get("output").get(0).asText())));

    JsonNode fooocus =
        finish(
            create(
                "fooocus-api",
                "{\"prompt\":\"x\",\"aspect_ratios_selection\":\"896*1152\",\"image_number\":2}"));
    assertEquals(2, fooocus.get("output").size());
    assertArrayEquals(
        new int[] {896, 1152}, imageSize(download(fooocus.get("output").get(1).asText())));

    assertArrayEquals(
        new int[] {1536, 1024},
        sizeOf("gpt-image-v1-5-text-to-image", "{\"prompt\":\"x\",\"image_size\":\"1536x1024\"}"));
    assertArrayEquals(
        new int[] {1024, 1024},
        sizeOf("openai-image-generation", "{\"prompt\":\"x\"}"),
        "auto is square");
    assertArrayEquals(
        new int[] {768, 1360},
        sizeOf("imagen-4-fast", "{\"prompt\":\"x\",\"aspect_ratio\":\"9:16\"}"));
    assertArrayEquals(
        new int[] {1365, 1024}, sizeOf("recraft-v3", "{\"prompt\":\"x\",\"size\":\"1365x1024\"}"));
    assertArrayEquals(
        new int[] {1312, 736},
        sizeOf("ideogram-v3-turbo", "{\"prompt\":\"x\",\"resolution\":\"1312x736\"}"));
    assertArrayEquals(
        new int[] {1024, 1024},
        sizeOf("ideogram-v3-turbo", "{\"prompt\":\"x\"}"),
        "resolution None leaves the size to aspect_ratio 1:1");
  }

  @Test
  void everyModelInTheTableRunsWithItsRequiredInputs() throws Exception {
    assertEquals(62, each.models().all().size());
    for (EachLabsModels.Model m : each.models().all().values()) {
      ObjectNode input = Json.object();
      input.put("prompt", "a lighthouse");
      for (EachLabsModels.Param p : m.params().values()) {
        if (p.required() && !input.has(p.name())) {
          if (p.defaultValue() != null) {
            input.set(p.name(), p.defaultValue());
          } else {
            input.put(p.name(), "https://example.com/face.png");
          }
        }
      }
      JsonNode done = finish(create(m.slug(), input.toString()));
      assertEquals("success", done.get("status").asText(), m.slug());
      int[] size = imageSize(download(urls(done.get("output")).get(0)));
      assertTrue(size[0] > 0 && size[1] > 0, m.slug());
    }
  }

  // ---------------------------------------------------------------- validation and errors

  @Test
  void inputIsCheckedAgainstTheModelSchema() throws Exception {
    HttpResponse<byte[]> missing = send("POST", "/v1/prediction", KEY, body("flux-2", "{}"));
    assertEquals(400, missing.statusCode());
    assertEquals(
        "Invalid input for model: input.prompt is required", json(missing).get("error").asText());

    HttpResponse<byte[]> bad =
        send(
            "POST",
            "/v1/prediction",
            KEY,
            body("flux-2", "{\"prompt\":\"x\",\"image_size\":\"huge\",\"seed\":\"7\"}"));
    assertEquals(400, bad.statusCode());
    String error = json(bad).get("error").asText();
    assertTrue(error.contains("input.image_size must be one of square_hd"), error);
    assertTrue(error.contains("input.seed must be an integer"), error);

    HttpResponse<byte[]> object =
        send(
            "POST",
            "/v1/prediction",
            KEY,
            body("flux-2", "{\"prompt\":\"x\",\"image_size\":{\"width\":1280,\"height\":720}}"));
    assertEquals(400, object.statusCode(), "the schema types image_size as a string");

    HttpResponse<byte[]> stringSeed =
        send(
            "POST",
            "/v1/prediction",
            KEY,
            body("tencent-flux-srpo-text-to-image", "{\"prompt\":\"x\",\"seed\":\"7\"}"));
    assertEquals(200, stringSeed.statusCode(), "this model types its seed as a string");

    HttpResponse<byte[]> unknown = send("POST", "/v1/prediction", KEY, body("no-such-model", "{}"));
    assertEquals(404, unknown.statusCode());
    assertEquals("Model not found", json(unknown).get("error").asText());

    HttpResponse<byte[]> noModel = send("POST", "/v1/prediction", KEY, "{\"input\":{}}");
    assertEquals(400, noModel.statusCode());
    assertEquals("model field is required", json(noModel).get("error").asText());

    HttpResponse<byte[]> noInput = send("POST", "/v1/prediction", KEY, "{\"model\":\"flux-2\"}");
    assertEquals(400, noInput.statusCode());

    HttpResponse<byte[]> notJson = send("POST", "/v1/prediction", KEY, "{nope");
    assertEquals(400, notJson.statusCode());

    assertEquals(1, each.predictionsCreated());
  }

  @Test
  void imageSizeObjectsCanBeAcceptedAsAPassThroughToFal() throws Exception {
    each.close();
    each = EachLabsSimulator.builder().acceptImageSizeObjects(true).start();
    assertArrayEquals(
        new int[] {1280, 720},
        sizeOf("flux-2", "{\"prompt\":\"x\",\"image_size\":{\"width\":1280,\"height\":720}}"));
  }

  @Test
  void theKeyIsCheckedOnTheApiButNotOnTheMediaHost() throws Exception {
    HttpResponse<byte[]> none =
        send("POST", "/v1/prediction", null, body("flux-2", "{\"prompt\":\"x\"}"));
    assertEquals(401, none.statusCode());
    assertEquals("Invalid or missing API key", json(none).get("error").asText());
    assertEquals(401, send("GET", "/v1/prediction/x", "wrong", null).statusCode());
    HttpResponse<byte[]> bearer =
        send(
            "POST",
            URI.create(each.apiBaseUri() + "/v1/prediction"),
            Map.of("Authorization", "Bearer " + KEY),
            body("flux-2", "{\"prompt\":\"x\"}"));
    assertEquals(200, bearer.statusCode());

    JsonNode done = finish(json(bearer).get("predictionID").asText());
    download(done.get("output").asText());
    RecordedRequest file = each.requests().last(EachLabsSimulator.FILE).orElseThrow();
    assertTrue(file.header("X-API-Key").isEmpty());
    assertEquals(
        KEY, each.requests().last(EachLabsSimulator.GET).orElseThrow().header("X-API-Key").get());
  }

  @Test
  void unknownPredictionsAndPaths() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/v1/prediction/nope", KEY, null);
    assertEquals(404, r.statusCode());
    assertEquals("Prediction not found", json(r).get("error").asText());
    assertEquals(404, send("POST", "/v1/prediction/nope/cancel", KEY, null).statusCode());
    assertEquals(405, send("DELETE", "/v1/prediction", KEY, null).statusCode());
    assertEquals(404, send("GET", "/v2/whatever", KEY, null).statusCode());
  }

  // ---------------------------------------------------------------- cancel

  @Test
  void cancelStopsARunningPredictionAndRefusesAFinishedOne() throws Exception {
    String id = create("flux-dev", "{\"prompt\":\"x\"}");
    assertEquals("starting", get(id).get("status").asText());
    HttpResponse<byte[]> c = send("POST", "/v1/prediction/" + id + "/cancel", KEY, null);
    assertEquals(200, c.statusCode());
    JsonNode cj = json(c);
    assertEquals("cancelled", cj.get("status").asText());
    assertEquals("Prediction canceled successfully", cj.get("message").asText());
    assertEquals(id, cj.get("predictionID").asText());
    JsonNode after = get(id);
    assertEquals("cancelled", after.get("status").asText());
    assertTrue(after.get("output").isNull());
    assertEquals(List.of(id), each.cancelledIds());
    assertEquals(JobPhase.DONE, each.prediction(id).orElseThrow().phase());

    HttpResponse<byte[]> again = send("POST", "/v1/prediction/" + id + "/cancel", KEY, null);
    assertEquals(400, again.statusCode());
    assertEquals(401, send("POST", "/v1/prediction/" + id + "/cancel", null, null).statusCode());
  }

  // ---------------------------------------------------------------- trigger words

  @Test
  void triggerWordsFailThePredictionWithEachLabsErrorCodes() throws Exception {
    JsonNode rejected = finish(create("flux-dev", "{\"prompt\":\"a [reject] scene\"}"));
    assertEquals("failed", rejected.get("status").asText());
    assertEquals("PROVIDER_REJECTED", rejected.get("output").get("error_code").asText());
    assertTrue(rejected.get("output").get("error_message").asText().contains("content-safety"));
    assertFalse(rejected.get("metrics").has("cost"));

    JsonNode failed = finish(create("flux-dev", "{\"prompt\":\"[fail]\"}"));
    assertEquals("PROVIDER_FAILED", failed.get("output").get("error_code").asText());
    JsonNode timeout = finish(create("flux-dev", "{\"prompt\":\"[timeout]\"}"));
    assertEquals("EXECUTION_TIMEOUT", timeout.get("output").get("error_code").asText());
    assertEquals("PROVIDER_REJECTED", each.predictions().get(0).failureCode().orElseThrow());
  }

  @Test
  void theFailedStatusWordCanBeError() throws Exception {
    each.close();
    each = EachLabsSimulator.builder().failedStatus("error").start();
    assertEquals(
        "error", finish(create("flux-dev", "{\"prompt\":\"[fail]\"}")).get("status").asText());
  }

  @Test
  void nsfwImagesAreBlackWhileTheSafetyCheckerIsOn() throws Exception {
    JsonNode on = finish(create("flux-2", "{\"prompt\":\"[nsfw]\",\"image_size\":\"square\"}"));
    byte[] black = download(on.get("output").asText());
    var img = ImageIO.read(new ByteArrayInputStream(black));
    assertEquals(0, img.getRGB(256, 256) & 0xFFFFFF);
    assertTrue(each.predictions().get(0).generation().flagged());

    finish(
        create(
            "flux-2",
            "{\"prompt\":\"[nsfw]\",\"image_size\":\"square\",\"enable_safety_checker\":false}"));
    assertFalse(each.predictions().get(1).generation().flagged());
    finish(create("flux-dev", "{\"prompt\":\"[nsfw]\",\"disable_safety_checker\":true}"));
    assertFalse(each.predictions().get(2).generation().flagged());
  }

  // ---------------------------------------------------------------- faults

  @Test
  void faultsUseEachLabsErrorBodiesAndCreateNothing() throws Exception {
    each.faults().on(EachLabsSimulator.CREATE).times(1).inject(EachLabsFaults.rateLimited(7));
    HttpResponse<byte[]> r =
        send("POST", "/v1/prediction", KEY, body("flux-2", "{\"prompt\":\"x\"}"));
    assertEquals(429, r.statusCode());
    assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(json(r).get("error").asText().startsWith("Rate limit exceeded"));
    assertEquals(0, each.predictionsCreated());
    assertEquals(1, each.createCount());

    each.faults().on(EachLabsSimulator.GET).times(1).inject(Fault.status(503));
    String id = create("flux-2", "{\"prompt\":\"x\"}");
    assertEquals(503, send("GET", "/v1/prediction/" + id, KEY, null).statusCode());
    assertEquals("starting", get(id).get("status").asText());
  }
}
