package io.genport.simulators.leonardo;

import static io.genport.simulators.TestHttp.imageSize;
import static io.genport.simulators.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.JobPhase;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.TestHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeonardoSimulatorTest {
  private static final String KEY = LeonardoSimulator.DEFAULT_KEY;
  private static final String PHOENIX = "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3";

  private final TestHttp http = new TestHttp();
  private LeonardoSimulator leo;

  @AfterEach
  void stop() {
    if (leo != null) {
      leo.close();
    }
  }

  private LeonardoSimulator start() {
    return start(LeonardoSimulator.builder());
  }

  private LeonardoSimulator start(LeonardoSimulator.Builder b) {
    leo = b.start();
    return leo;
  }

  private HttpResponse<byte[]> send(String method, String path, String authorization, String json)
      throws Exception {
    URI uri = path.startsWith("http") ? URI.create(path) : URI.create(leo.cloudBaseUri() + path);
    return http.sendAuthorized(method, uri, authorization, json);
  }

  private HttpResponse<byte[]> create(String json) throws Exception {
    return send("POST", "/api/rest/v1/generations", "Bearer " + KEY, json);
  }

  private String createOk(String json) throws Exception {
    HttpResponse<byte[]> r = create(json);
    assertEquals(200, r.statusCode(), text(r));
    return json(r).get("sdGenerationJob").get("generationId").asText();
  }

  private JsonNode poll(String id) throws Exception {
    HttpResponse<byte[]> r = send("GET", "/api/rest/v1/generations/" + id, "Bearer " + KEY, null);
    assertEquals(200, r.statusCode(), text(r));
    return json(r).get("generations_by_pk");
  }

  private JsonNode pollUntilDone(String id) throws Exception {
    for (int i = 0; i < 10; i++) {
      JsonNode g = poll(id);
      if (!g.get("status").asText().equals("PENDING")) {
        return g;
      }
    }
    throw new AssertionError("not done after 10 polls");
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static void assertError(HttpResponse<byte[]> r, int status, String message, String path) {
    assertEquals(status, r.statusCode(), text(r));
    JsonNode body = json(r);
    assertEquals(message, body.get("error").asText());
    assertEquals(path, body.get("path").asText());
    assertTrue(body.get("code").isTextual());
  }

  @Test
  void aGenerationIsPendingThenCompleteWithItsImagesSeedAndCost() throws Exception {
    start();
    HttpResponse<byte[]> r =
        create(
            "{\"prompt\":\"a castle\",\"modelId\":\""
                + PHOENIX
                + "\",\"width\":1000,\"height\":704,\"num_images\":3,\"seed\":42,"
                + "\"contrast\":3.5,\"alchemy\":true,\"public\":false}");
    assertEquals(200, r.statusCode(), text(r));
    JsonNode job = json(r).get("sdGenerationJob");
    String id = job.get("generationId").asText();
    assertEquals(12, job.get("apiCreditCost").asLong(), "4 credits per image");
    assertEquals("12", job.get("cost").get("amount").asText());
    assertEquals("CREDITS", job.get("cost").get("unit").asText());

    JsonNode first = poll(id);
    assertEquals("PENDING", first.get("status").asText());
    assertEquals(0, first.get("generated_images").size());
    assertTrue(first.get("seed").isNull());
    assertEquals("PENDING", poll(id).get("status").asText());
    JsonNode done = poll(id);
    assertEquals("COMPLETE", done.get("status").asText());
    assertEquals(42, done.get("seed").asLong());
    assertEquals(1000, done.get("imageWidth").asInt());
    assertEquals(704, done.get("imageHeight").asInt());
    assertEquals(PHOENIX, done.get("modelId").asText());
    JsonNode images = done.get("generated_images");
    assertEquals(3, images.size());
    Set<String> urls = new HashSet<>();
    for (JsonNode img : images) {
      assertFalse(img.get("nsfw").asBoolean());
      String url = img.get("url").asText();
      assertTrue(url.startsWith(leo.cdnBaseUri() + "/users/"), url);
      assertTrue(url.endsWith(".jpg"), url);
      assertTrue(urls.add(url));
      HttpResponse<byte[]> file = send("GET", url, null, null);
      assertEquals(200, file.statusCode());
      assertEquals("image/jpeg", file.headers().firstValue("Content-Type").orElseThrow());
      assertArrayEquals(new int[] {1000, 704}, imageSize(file.body()));
    }
    RecordedRequest fileGet = leo.requests().last(LeonardoSimulator.FILE).orElseThrow();
    assertTrue(fileGet.header("Authorization").isEmpty());
    // A later read sees the same files.
    assertEquals(images, poll(id).get("generated_images"));

    LeonardoJob view = leo.generation(id).orElseThrow();
    assertEquals(PHOENIX, view.generation().model());
    assertEquals(3.5, view.generation().contrast());
    assertEquals(JobPhase.DONE, view.phase());
    assertEquals(4, view.statusPolls());
  }

  @Test
  void nsfwPromptsCompleteWithFlaggedImagesAndFailuresCarryAReason() throws Exception {
    start();
    String flagged = createOk("{\"prompt\":\"a beach [nsfw]\",\"num_images\":2}");
    JsonNode done = pollUntilDone(flagged);
    assertEquals("COMPLETE", done.get("status").asText());
    for (JsonNode img : done.get("generated_images")) {
      assertTrue(img.get("nsfw").asBoolean());
    }

    JsonNode failed = pollUntilDone(createOk("{\"prompt\":\"a beach [fail]\",\"num_images\":1}"));
    assertEquals("FAILED", failed.get("status").asText());
    assertEquals(0, failed.get("generated_images").size());
    assertEquals(LeonardoSimulator.MODEL_FAILED, failed.get("failureReason").asText());

    JsonNode timedOut =
        pollUntilDone(createOk("{\"prompt\":\"a beach [timeout]\",\"num_images\":1}"));
    assertEquals(LeonardoSimulator.TIMED_OUT, timedOut.get("failureReason").asText());
  }

  @Test
  void withoutFailureReasonsAFailedGenerationSaysNothing() throws Exception {
    start(LeonardoSimulator.builder().failureReason(false));
    JsonNode failed = pollUntilDone(createOk("{\"prompt\":\"x [fail]\",\"num_images\":1}"));
    assertEquals("FAILED", failed.get("status").asText());
    assertFalse(failed.has("failureReason"));
  }

  @Test
  void defaultsAreTheSdksTenTwentyFourBySevenSixtyEightAndFourImages() throws Exception {
    start();
    JsonNode done = pollUntilDone(createOk("{\"prompt\":\"p\"}"));
    assertEquals(4, done.get("generated_images").size());
    assertEquals(1024, done.get("imageWidth").asInt());
    assertEquals(768, done.get("imageHeight").asInt());
    assertTrue(leo.generations().get(0).generation().seedGenerated());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"prompt\":\"p\",\"width\":1000,\"height\":700}|height must be between 32 and 1536 and"
            + " be a multiple of 8|$.height",
        "{\"prompt\":\"p\",\"width\":2000}|width must be between 32 and 1536 and be a multiple"
            + " of 8|$.width",
        "{\"prompt\":\"p\",\"width\":1024,\"height\":1024,\"num_images\":5}|num_images must be"
            + " between 1 and 4 when width or height is over 768|$.num_images",
        "{\"prompt\":\"p\",\"width\":768,\"height\":768,\"num_images\":9}|num_images must be"
            + " between 1 and 8|$.num_images",
        "{\"prompt\":\"p\",\"alchemy\":\"yes\"}|Expected a boolean for type Boolean but found a"
            + " string|$.alchemy",
        "{\"prompt\":\"p\",\"num_outputs\":2}|field 'num_outputs' not found in type:"
            + " 'SDGenerationInput'|$.num_outputs",
        "{\"prompt\":\"\"}|prompt is required|$.prompt",
        "{\"prompt\":\"p\",\"guidance_scale\":21}|guidance_scale must be between 1 and"
            + " 20|$.guidance_scale",
        "{\"prompt\":\"p\",\"num_inference_steps\":4}|num_inference_steps must be between 10 and"
            + " 60|$.num_inference_steps",
        "{\"prompt\":\"p\",\"contrast\":2}|contrast must be one of [1.0, 1.3, 1.8, 2.5, 3.0, 3.5,"
            + " 4.0, 4.5]|$.contrast",
        "{\"prompt\":\"p\",\"contrast\":1.8,\"alchemy\":true}|contrast must be 2.5 or higher when"
            + " alchemy is true|$.contrast",
        "{\"prompt\":\"p\",\"presetStyle\":\"FANCY\"}|invalid value for presetStyle: 'FANCY';"
            + " expected one of ANIME, BOKEH, CINEMATIC, CINEMATIC_CLOSEUP, CREATIVE, DYNAMIC,"
            + " ENVIRONMENT, FASHION, FILM, FOOD, GENERAL, HDR, ILLUSTRATION, LEONARDO,"
            + " LONG_EXPOSURE, MACRO, MINIMALISTIC, MONOCHROME, MOODY, NONE, NEUTRAL, PHOTOGRAPHY,"
            + " PORTRAIT, RAYTRACED, RENDER_3D, RETRO, SKETCH_BW, SKETCH_COLOR, STOCK_PHOTO,"
            + " VIBRANT, UNPROCESSED|$.presetStyle",
        "{\"prompt\":\"p\",\"modelId\":\"phoenix\"}|invalid input syntax for type uuid:"
            + " \"phoenix\"|$.modelId",
        "{\"prompt\":\"p\",\"seed\":9999999999}|seed must be between 0 and 9999999998|$.seed",
        "{\"prompt\":\"p\",\"modelId\":\"b2614463-296c-462a-9586-aafdb8f00e36\","
            + "\"seed\":2147483638}|seed must be between 0 and 2147483637|$.seed"
      })
  void invalidInputIsRefusedNamingTheField(String body, String message, String path)
      throws Exception {
    start();
    assertError(create(body), 400, message, path);
    assertEquals(0, leo.generationsCreated());
  }

  @Test
  void theKeyIsCheckedWithTheDocumentedBody() throws Exception {
    start();
    assertError(
        send("POST", "/api/rest/v1/generations", "Bearer wrong", "{\"prompt\":\"p\"}"),
        401,
        LeonardoErrors.INVALID_KEY,
        "$");
    assertError(
        send("GET", "/api/rest/v1/generations/x", null, null),
        401,
        LeonardoErrors.INVALID_KEY,
        "$");
    stop();
    start(LeonardoSimulator.builder().invalidKeyStatus(500));
    assertEquals(500, send("POST", "/api/rest/v1/generations", "Bearer no", "{}").statusCode());
  }

  @Test
  void moderationAndCreditsRefuseTheCreate() throws Exception {
    start(LeonardoSimulator.builder().credits(10).pricePerImage(4));
    assertError(create("{\"prompt\":\"x [reject]\"}"), 400, LeonardoErrors.MODERATED, "$.prompt");
    assertError(
        create("{\"prompt\":\"x [nocredits]\",\"num_images\":1}"),
        400,
        LeonardoErrors.NOT_ENOUGH_TOKENS,
        "$");
    createOk("{\"prompt\":\"x\",\"num_images\":2}");
    assertEquals(2L, leo.creditsLeft().orElseThrow());
    assertError(
        create("{\"prompt\":\"x\",\"num_images\":1}"), 400, LeonardoErrors.NOT_ENOUGH_TOKENS, "$");
    assertEquals(1, leo.generationsCreated());
  }

  @Test
  void theCostCanComeAsTheCostObjectOnly() throws Exception {
    start(LeonardoSimulator.builder().apiCreditCost(false));
    JsonNode job = json(create("{\"prompt\":\"x\",\"num_images\":1}")).get("sdGenerationJob");
    assertFalse(job.has("apiCreditCost"));
    assertEquals("4", job.get("cost").get("amount").asText());
  }

  @Test
  void unknownAndDeletedIdsReadNullAndDeletingStopsNothing() throws Exception {
    start();
    assertTrue(poll("00000000-0000-4000-8000-000000000000").isNull());
    String id = createOk("{\"prompt\":\"x\",\"num_images\":1}");
    HttpResponse<byte[]> d =
        send("DELETE", "/api/rest/v1/generations/" + id, "Bearer " + KEY, null);
    assertEquals(id, json(d).get("delete_generations_by_pk").get("id").asText());
    assertTrue(poll(id).isNull());
    assertTrue(leo.generation(id).orElseThrow().deleted());
    assertEquals(1, leo.deleteCount());
  }

  @Test
  void v2CreatesWithModelAndParametersAndIsReadWithV1() throws Exception {
    start();
    HttpResponse<byte[]> r =
        send(
            "POST",
            "/api/rest/v2/generations",
            "Bearer " + KEY,
            "{\"model\":\"flux-pro-2.0\",\"parameters\":{\"prompt\":\"a cat\",\"width\":1440,"
                + "\"height\":810,\"quantity\":2,\"seed\":4294967295,\"prompt_enhance\":\"OFF\"},"
                + "\"public\":false}");
    assertEquals(200, r.statusCode(), text(r));
    JsonNode job = json(r).get("generate");
    assertEquals(8, job.get("apiCreditCost").asLong());
    JsonNode done = pollUntilDone(job.get("generationId").asText());
    assertEquals("COMPLETE", done.get("status").asText());
    assertEquals(4294967295L, done.get("seed").asLong());
    assertEquals(2, done.get("generated_images").size());
    assertEquals(1, leo.createCount());
    assertEquals("v2", leo.generations().get(0).generation().api());

    assertError(
        send(
            "POST",
            "/api/rest/v2/generations",
            "Bearer " + KEY,
            "{\"model\":\"flux-pro-2.0\",\"parameters\":{\"prompt\":\"a\",\"width\":1536}}"),
        400,
        "width must be between 256 and 1440",
        "$.parameters.width");
    assertError(
        send(
            "POST",
            "/api/rest/v2/generations",
            "Bearer " + KEY,
            "{\"model\":\"flux-pro-2.0\",\"parameters\":{\"prompt\":\"a\",\"num_images\":2}}"),
        400,
        "field 'num_images' not found in type: 'GenerationV2Parameters'",
        "$.parameters.num_images");
  }

  @Test
  void knownModelsRestrictTheModelIds() throws Exception {
    start(LeonardoSimulator.builder().knownModels(PHOENIX));
    createOk("{\"prompt\":\"x\",\"num_images\":1,\"modelId\":\"" + PHOENIX + "\"}");
    assertError(
        create(
            "{\"prompt\":\"x\",\"num_images\":1,\"modelId\":"
                + "\"11111111-2222-4333-8444-555555555555\"}"),
        400,
        "model 11111111-2222-4333-8444-555555555555 not found",
        "$.modelId");
  }

  @Test
  void unknownPathsAnswerTheGatewaysNotFound() throws Exception {
    start();
    assertError(
        send("GET", "/api/rest/v1/nothing", "Bearer " + KEY, null),
        404,
        "no Route matched with those values",
        "$");
  }
}
