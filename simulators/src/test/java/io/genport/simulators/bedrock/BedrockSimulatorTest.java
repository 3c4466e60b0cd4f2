package io.genport.simulators.bedrock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageFormat;
import io.genport.simulators.ImageRenderer;
import io.genport.simulators.Json;
import io.genport.simulators.ManualClock;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The Bedrock simulator over real HTTP, its requests signed by the AWS SDK's own SigV4 signer (the
 * simulator checks them with its independent {@link SigV4Verifier}).
 */
class BedrockSimulatorTest {
  private static final String NOVA = "amazon.nova-canvas-v1:0";
  private static final Instant NOW = Instant.parse("2026-03-14T09:26:53Z");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ManualClock clock = new ManualClock(NOW);
  private final BedrockSimulator sim =
      BedrockSimulator.builder()
          .clock(clock)
          .accessKey("AKIDLONGTERM", "long/term+secret")
          .sessionKey("ASIATEMPORARY", "temporary/secret", "session-token-1")
          .expiredSessionKey("ASIAEXPIRED", "expired/secret", "session-token-2")
          .start();

  @AfterEach
  void stop() {
    sim.close();
  }

  // ------------------------------------------------------------------ signing, independently

  @Test
  void theVerifierReproducesTheAwsTestSuitesPostVanillaSignature() {
    // aws-c-auth tests/aws-signing-test-suite/v4/post-vanilla: POST / with host and x-amz-date.
    String canonical =
        SigV4Verifier.canonicalRequest(
            "POST",
            "/",
            null,
            Map.of(
                "host",
                List.of("example.amazonaws.com"),
                "x-amz-date",
                List.of("20150830T123600Z")),
            List.of("host", "x-amz-date"),
            new byte[0]);
    assertEquals(
        "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        canonical);
    assertEquals(
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
        SigV4Verifier.signature(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830T123600Z",
            "us-east-1",
            "service",
            canonical));
  }

  @Test
  void theModelIdsColonIsEncodedTwiceInTheCanonicalPath() {
    assertEquals(
        "/model/amazon.nova-canvas-v1%253A0/invoke",
        SigV4Verifier.canonicalPath("/model/amazon.nova-canvas-v1%3A0/invoke"));
    assertEquals("/a/c/", SigV4Verifier.canonicalPath("/a/./b/../c/"));
    assertEquals("/", SigV4Verifier.canonicalPath(""));
  }

  @Test
  void aSignatureOfTheSdkSignerVerifiesAndATamperedOneDoesNot() throws Exception {
    HttpResponse<byte[]> ok =
        invoke(NOVA, novaBody("a fox", 512, 512, 1), sdkSigned("AKIDLONGTERM"));
    assertEquals(200, ok.statusCode(), text(ok));
    RecordedRequest r = sim.requests().last(Endpoint.named(BedrockSimulator.INVOKE)).orElseThrow();
    assertEquals("/model/amazon.nova-canvas-v1%3A0/invoke", r.rawPath());
    assertTrue(SigV4Verifier.signedWith(r, "long/term+secret", "bedrock"));
    assertFalse(SigV4Verifier.signedWith(r, "another-secret", "bedrock"));
    assertFalse(SigV4Verifier.signedWith(r, "long/term+secret", "bedrock-runtime"));
  }

  // ------------------------------------------------------------------------- authentication

  @Test
  void everyWayOfGettingAuthenticationWrongIsA403OfItsOwnType() throws Exception {
    String body = novaBody("a fox", 512, 512, 1);
    assertError(403, "MissingAuthenticationTokenException", invoke(NOVA, body, Req::builder));
    assertError(
        403,
        "InvalidSignatureException",
        invoke(NOVA, body, signed("AKIDLONGTERM", "wrong", null)));
    assertError(
        403,
        "UnrecognizedClientException",
        invoke(NOVA, body, signed("AKIDUNKNOWN", "long/term+secret", null)));
    assertError(
        403,
        "UnrecognizedClientException",
        invoke(NOVA, body, signed("ASIATEMPORARY", "temporary/secret", null)));
    assertError(
        403,
        "ExpiredTokenException",
        invoke(NOVA, body, signed("ASIAEXPIRED", "expired/secret", "session-token-2")));
    HttpResponse<byte[]> scope =
        invoke(NOVA, body, signedFor("AKIDLONGTERM", "long/term+secret", "bedrock-runtime"));
    assertError(403, "InvalidSignatureException", scope);
    assertTrue(text(scope).contains("correct service: 'bedrock'"), text(scope));
    assertError(
        403, "UnrecognizedClientException", invoke(NOVA, body, r -> bearer(r, "not-the-key")));

    assertEquals(
        200,
        invoke(NOVA, body, signed("ASIATEMPORARY", "temporary/secret", "session-token-1"))
            .statusCode());
    assertEquals(
        200, invoke(NOVA, body, r -> bearer(r, BedrockSimulator.DEFAULT_API_KEY)).statusCode());
  }

  @Test
  void aSignatureOutsideTheAllowedClockSkewHasExpired() throws Exception {
    String body = novaBody("a fox", 512, 512, 1);
    var signer = sdkSigned("AKIDLONGTERM");
    clock.advance(Duration.ofMinutes(6));

    HttpResponse<byte[]> r = invoke(NOVA, body, signer);

    assertError(403, "InvalidSignatureException", r);
    assertTrue(text(r).contains("Signature expired"), text(r));
  }

  // ------------------------------------------------------------------------------ families

  @Test
  void novaAnswersOneImageOfTheRequestedSizePerNumberOfImages() throws Exception {
    HttpResponse<byte[]> r =
        invoke(NOVA, novaBody("a red fox", 1280, 720, 2), sdkSigned("AKIDLONGTERM"));

    assertEquals(200, r.statusCode(), text(r));
    JsonNode json = TestHttp.json(r);
    assertEquals(2, json.path("images").size());
    assertTrue(json.path("error").isNull());
    for (JsonNode img : json.path("images")) {
      assertArrayEquals(new int[] {1280, 720}, TestHttp.imageSize(decode(img)));
    }
    assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
  }

  @Test
  void novaRefusesWhatNovaRefusesWithAValidationExceptionNamingTheField() throws Exception {
    var s = sdkSigned("AKIDLONGTERM");
    assertMalformed(invoke(NOVA, novaBody("a fox", 1000, 720, 1), s), "divisible by 16");
    assertMalformed(invoke(NOVA, novaBody("a fox", 4096, 512, 1), s), "1:4 and 4:1");
    assertMalformed(invoke(NOVA, novaBody("a fox", 2064, 2048, 1), s), "4194304");
    assertEquals(200, invoke(NOVA, novaBody("a fox", 2048, 2048, 1), s).statusCode());
    assertMalformed(invoke(NOVA, novaBody("a fox", 512, 512, 6), s), "numberOfImages");
    assertMalformed(invoke(NOVA, novaBody("x".repeat(1025), 512, 512, 1), s), "maxLength: 1024");
    assertMalformed(
        invoke(
            NOVA,
            "{\"taskType\":\"TEXT_IMAGE\",\"textToImageParams\":{\"text\":\"x\"},"
                + "\"imageGenerationConfig\":{\"seed\":858993460}}",
            s),
        "seed");
    assertMalformed(
        invoke(
            NOVA,
            "{\"taskType\":\"TEXT_IMAGE\",\"prompt\":\"x\",\"textToImageParams\":"
                + "{\"text\":\"x\"}}",
            s),
        "extraneous key [prompt]");
  }

  @Test
  void novaEditingTasksAnswerAtTheSizeOfTheirInputImage() throws Exception {
    String png =
        Base64.getEncoder()
            .encodeToString(ImageRenderer.shared().render("in", 1, 640, 448, ImageFormat.PNG));
    String body =
        "{\"taskType\":\"BACKGROUND_REMOVAL\",\"backgroundRemovalParams\":{\"image\":\""
            + png
            + "\"}}";

    HttpResponse<byte[]> r = invoke(NOVA, body, sdkSigned("AKIDLONGTERM"));

    assertEquals(200, r.statusCode(), text(r));
    assertArrayEquals(
        new int[] {640, 448}, TestHttp.imageSize(decode(TestHttp.json(r).path("images").get(0))));
    assertMalformed(
        invoke(
            NOVA,
            "{\"taskType\":\"BACKGROUND_REMOVAL\",\"backgroundRemovalParams\":{\"image\":\""
                + png
                + "\"},\"imageGenerationConfig\":{\"numberOfImages\":1}}",
            sdkSigned("AKIDLONGTERM")),
        "extraneous key [imageGenerationConfig]");
  }

  @Test
  void titanTakesOnlyItsListedSizes() throws Exception {
    String model = "amazon.titan-image-generator-v2:0";
    var s = sdkSigned("AKIDLONGTERM");
    assertEquals(200, invoke(model, titanBody("a fox", 1152, 768), s).statusCode());
    assertMalformed(invoke(model, titanBody("a fox", 1280, 720), s), "1280x720");
    assertMalformed(invoke(model, titanBody("x".repeat(513), 1024, 1024), s), "maxLength: 512");
  }

  @Test
  void stabilityAnswersWithSeedsAndFinishReasonsAtItsRatiosSize() throws Exception {
    String model = "stability.sd3-5-large-v1:0";
    HttpResponse<byte[]> r =
        invoke(
            model,
            "{\"prompt\":\"a fox\",\"aspect_ratio\":\"2:3\",\"seed\":77,\"output_format\":\"jpeg\"}",
            sdkSigned("AKIDLONGTERM"));

    assertEquals(200, r.statusCode(), text(r));
    JsonNode json = TestHttp.json(r);
    assertEquals(77, json.path("seeds").get(0).asLong());
    assertTrue(json.path("finish_reasons").get(0).isNull());
    byte[] image = decode(json.path("images").get(0));
    assertArrayEquals(new int[] {832, 1216}, TestHttp.imageSize(image));
    assertEquals((byte) 0xFF, image[0], "JPEG");

    JsonNode random =
        TestHttp.json(
            invoke(model, "{\"prompt\":\"a fox\",\"seed\":0}", sdkSigned("AKIDLONGTERM")));
    assertTrue(random.path("seeds").get(0).asLong() > 0, "0 means random: a drawn seed reported");

    JsonNode refused =
        TestHttp.json(invoke(model, "{\"prompt\":\"[reject] a fox\"}", sdkSigned("AKIDLONGTERM")));
    assertEquals("Filter reason: prompt", refused.path("finish_reasons").get(0).asText());
    assertEquals(0, refused.path("images").size());
    assertMalformed(
        invoke(
            "stability.stable-image-core-v1:1",
            "{\"prompt\":\"a fox\",\"mode\":\"text-to-image\"}",
            sdkSigned("AKIDLONGTERM")),
        "extraneous key [mode]");
  }

  @Test
  void contentWordsGiveBedrocksOwnOutcomes() throws Exception {
    var s = sdkSigned("AKIDLONGTERM");
    HttpResponse<byte[]> rejected = invoke(NOVA, novaBody("[reject] a fox", 512, 512, 1), s);
    assertError(400, "ValidationException", rejected);
    assertTrue(text(rejected).contains("blocked by our content filters"));

    JsonNode all = TestHttp.json(invoke(NOVA, novaBody("[block-output] a fox", 512, 512, 2), s));
    assertEquals(0, all.path("images").size());
    assertTrue(all.path("error").asText().startsWith("All of the generated images"));

    JsonNode some = TestHttp.json(invoke(NOVA, novaBody("[block-some] a fox", 512, 512, 3), s));
    assertEquals(2, some.path("images").size());
    assertTrue(some.path("error").asText().startsWith("Some of the generated images"));

    assertError(
        408, "ModelTimeoutException", invoke(NOVA, novaBody("[timeout] x", 512, 512, 1), s));
    JsonNode nsfw = TestHttp.json(invoke(NOVA, novaBody("[nsfw] a fox", 512, 512, 1), s));
    assertEquals(1, nsfw.path("images").size(), "Bedrock flags nothing");
  }

  @Test
  void inferenceProfilesAndArnsNameTheirModelAndUnknownIdsAreInvalid() throws Exception {
    var s = sdkSigned("AKIDLONGTERM");
    String body = novaBody("a fox", 512, 512, 1);
    assertEquals(200, invoke("us.amazon.nova-canvas-v1:0", body, s).statusCode());
    assertEquals(
        200,
        invoke(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-canvas-v1:0",
                body,
                s)
            .statusCode());
    assertEquals(
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon"
            + ".nova-canvas-v1%3A0/invoke",
        sim.requests().last(Endpoint.named(BedrockSimulator.INVOKE)).orElseThrow().rawPath());
    HttpResponse<byte[]> unknown = invoke("amazon.nova-reel-v1:0", body, s);
    assertError(400, "ValidationException", unknown);
    assertTrue(text(unknown).contains("model identifier is invalid"));
  }

  @Test
  void bedrockFaultsAreInjectedIntoTheInvokeRoute() throws Exception {
    sim.faults()
        .on(Endpoint.named(BedrockSimulator.INVOKE))
        .times(1)
        .inject(BedrockFaults.throttling());
    var s = sdkSigned("AKIDLONGTERM");
    assertError(429, "ThrottlingException", invoke(NOVA, novaBody("a fox", 512, 512, 1), s));
    assertEquals(200, invoke(NOVA, novaBody("a fox", 512, 512, 1), s).statusCode());
  }

  @Test
  void theFactoryIsolatesTheProviderFromTheMachinesAwsSetup() {
    RunningSimulator running =
        new BedrockSimulatorFactory().start(SimulatorOptions.defaults().withTcpFront(false));
    try (running) {
      assertEquals("bedrock", new BedrockSimulatorFactory().provider());
      assertEquals("false", running.providerConfig().get("aws-environment"));
      assertEquals("sigv4", running.providerConfig().get("auth"));
      assertEquals("us-east-1", running.providerConfig().get("region"));
      assertTrue(running.providerConfig().get("base-url").startsWith("http://127.0.0.1:"));
      assertEquals(
          Map.of(
              "AWS_ACCESS_KEY_ID", BedrockSimulator.DEFAULT_ACCESS_KEY_ID,
              "AWS_SECRET_ACCESS_KEY", BedrockSimulator.DEFAULT_SECRET_ACCESS_KEY),
          running.credentials());
      assertFalse(running.toString().contains(BedrockSimulator.DEFAULT_SECRET_ACCESS_KEY));
    }
  }

  // ----------------------------------------------------------------------------- helpers

  /** Adds authentication to a request before it is sent. */
  private interface Auth {
    HttpRequest.Builder apply(Req r);
  }

  /** What is about to be sent. */
  private record Req(URI uri, byte[] body, HttpRequest.Builder builder) {}

  private HttpResponse<byte[]> invoke(String modelId, String json, Auth auth) throws Exception {
    String encoded =
        java.net.URLEncoder.encode(modelId, StandardCharsets.UTF_8).replace("+", "%20");
    URI uri = URI.create(sim.runtimeBaseUri() + "/model/" + encoded + "/invoke");
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(
        auth.apply(new Req(uri, body, b)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private Auth sdkSigned(String accessKeyId) {
    return signed(accessKeyId, "long/term+secret", null);
  }

  private Auth signed(String accessKeyId, String secret, String token) {
    return signedFor(accessKeyId, secret, token, "bedrock", clock);
  }

  private Auth signedFor(String accessKeyId, String secret, String service) {
    return signedFor(accessKeyId, secret, null, service, clock);
  }

  /** Signs with the AWS SDK's signer at the clock's time as it is now (so a test can skew it). */
  private static Auth signedFor(
      String accessKeyId, String secret, String token, String service, Clock clock) {
    Clock at = Clock.fixed(clock.instant(), ZoneOffset.UTC);
    return r -> {
      SdkHttpFullRequest unsigned =
          SdkHttpFullRequest.builder()
              .method(SdkHttpMethod.POST)
              .uri(r.uri())
              .putHeader("Content-Type", "application/json")
              .putHeader("Accept", "application/json")
              .build();
      AwsCredentialsIdentity identity =
          token == null
              ? AwsCredentialsIdentity.create(accessKeyId, secret)
              : AwsSessionCredentialsIdentity.create(accessKeyId, secret, token);
      SdkHttpRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  s ->
                      s.identity(identity)
                          .request(unsigned)
                          .payload(ContentStreamProvider.fromByteArray(r.body()))
                          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                          .putProperty(HttpSigner.SIGNING_CLOCK, at))
              .request();
      signed
          .headers()
          .forEach(
              (name, values) -> {
                if (!List.of("host", "content-type", "accept").contains(name.toLowerCase())) {
                  values.forEach(v -> r.builder().header(name, v));
                }
              });
      return r.builder();
    };
  }

  private static HttpRequest.Builder bearer(Req r, String key) {
    return r.builder().header("Authorization", "Bearer " + key);
  }

  private static String novaBody(String text, int width, int height, int n) {
    return Json.object()
        .put("taskType", "TEXT_IMAGE")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
            "textToImageParams", Json.object().put("text", text))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
            "imageGenerationConfig",
            Json.object()
                .put("width", width)
                .put("height", height)
                .put("numberOfImages", n)
                .put("seed", 12))
        .toString();
  }

  private static String titanBody(String text, int width, int height) {
    return novaBody(text, width, height, 1);
  }

  private static byte[] decode(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static void assertError(int status, String type, HttpResponse<byte[]> r) {
    assertEquals(status, r.statusCode(), text(r));
    assertEquals(
        type, r.headers().firstValue("x-amzn-ErrorType").orElse("").split(":")[0], () -> text(r));
    assertTrue(TestHttp.json(r).path("message").isTextual(), text(r));
  }

  private static void assertMalformed(HttpResponse<byte[]> r, String detail) {
    assertError(400, "ValidationException", r);
    assertTrue(text(r).contains(detail), () -> "'" + detail + "' not in " + text(r));
  }
}
