package io.genport.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.bedrock.BedrockFaults;
import io.genport.simulators.bedrock.BedrockSimulator;
import io.genport.simulators.bedrock.SigV4Verifier;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spitck.ProviderDriver;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Bedrock provider end to end against the simulator, over the real transport: each row of the
 * error table, content outcomes, signing details and the bad-input cases of the command line.
 */
class BedrockProviderTest {
  private static final String NOVA = "amazon.nova-canvas-v1:0";
  private static final String KEY_ID = "AKIDPROVIDERTEST01";
  private static final String SECRET = "provider/test+secret/key/aa11";
  private static final String TEMP_ID = "ASIAPROVIDERTEST02";
  private static final String TEMP_SECRET = "provider/test+temporary/bb22";
  private static final String TOKEN = "provider-test-session-token-cc33";
  private static final String EXPIRED_ID = "ASIAPROVIDEREXPIRED";
  private static final String EXPIRED_TOKEN = "provider-test-expired-token-dd44";
  private static final String API_KEY = "provider-test-bedrock-api-key-ee55";
  private static final Endpoint INVOKE = Endpoint.named(BedrockSimulator.INVOKE);

  private final BedrockSimulator sim =
      BedrockSimulator.builder()
          .region("eu-west-1")
          .accessKey(KEY_ID, SECRET)
          .sessionKey(TEMP_ID, TEMP_SECRET, TOKEN)
          .expiredSessionKey(EXPIRED_ID, "provider/test+expired/ee66", EXPIRED_TOKEN)
          .apiKey(API_KEY)
          .start();
  private final HttpClient5Transport http = new HttpClient5Transport();

  @AfterEach
  void stop() {
    try {
      http.close();
    } finally {
      sim.close();
    }
  }

  private ImageProvider provider(Map<String, String> credentials, Map<String, String> config) {
    return provider(credentials, config, Clock.systemUTC());
  }

  private ImageProvider provider(
      Map<String, String> credentials, Map<String, String> config, Clock clock) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", sim.runtimeBaseUri().toString());
    c.put("region", "eu-west-1");
    c.put("aws-environment", "false");
    c.putAll(config);
    return new BedrockProviderFactory(name -> null)
        .create(
            new ProviderConfig(c),
            ProviderContext.of(
                http,
                clock,
                d -> {},
                Credentials.fromMap(credentials),
                new ObjectMapper(),
                new Random(3)));
  }

  private ImageProvider keys() {
    return provider(Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET), Map.of());
  }

  private static GenerationRequest.Builder fox() {
    return GenerationRequest.builder("a red fox").size(Size.exact(512, 512)).seed(5L);
  }

  private static PlannedCall only(CallPlan plan) {
    assertEquals(1, plan.calls().size());
    return plan.calls().get(0);
  }

  /** Runs one call to its end and returns how it failed. */
  private static GenerationException failure(ImageProvider p, GenerationRequest.Builder r) {
    PlannedCall call = only(p.plan(r.build(), NOVA));
    try {
      JobStatus end = new ProviderDriver(p).run(call);
      return assertInstanceOf(JobStatus.Failed.class, end, "expected a failure").error();
    } catch (GenerationException e) {
      return e;
    }
  }

  private GenerationException injected(Fault fault) {
    sim.faults().on(INVOKE).times(1).inject(fault);
    return failure(keys(), fox());
  }

  private static void assertNoSecret(GenerationException e) {
    for (String secret : List.of(SECRET, TEMP_SECRET, TOKEN, EXPIRED_TOKEN, API_KEY)) {
      assertFalse(String.valueOf(e.getMessage()).contains(secret), e.getMessage());
    }
  }

  // ------------------------------------------------------------------- the error table

  @Test
  void throttlingIsRetryable() {
    RetryableProviderException r =
        assertInstanceOf(RetryableProviderException.class, injected(BedrockFaults.throttling()));
    assertFalse(r.ambiguous(), "Bedrock answered: the request did not take effect");
    assertTrue(r.getMessage().contains("ThrottlingException"), r.getMessage());
  }

  @Test
  void anUnavailableServiceIsRetryable() {
    GenerationException e = injected(BedrockFaults.serviceUnavailable());
    assertEquals(FailureClass.RETRYABLE, e.failureClass());
    assertFalse(((RetryableProviderException) e).ambiguous());
  }

  @Test
  void aModelThatIsNotReadyIsRetryable() {
    GenerationException e = injected(BedrockFaults.modelNotReady());
    assertEquals(FailureClass.RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("not ready"), e.getMessage());
  }

  @Test
  void aModelErrorIsRetryable() {
    assertEquals(FailureClass.RETRYABLE, injected(BedrockFaults.modelError()).failureClass());
  }

  @Test
  void aValidationErrorIsNotRetryableAndNamesTheField() {
    GenerationException e =
        injected(
            BedrockFaults.validation(
                "Malformed input request: #/imageGenerationConfig/width: 5000 is not between 320"
                    + " and 4096, please reformat your input and try again."));
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("(field imageGenerationConfig.width)"), e.getMessage());
  }

  @Test
  void aPromptTheContentFiltersBlockIsAContentRejection() {
    GenerationException injected = injected(BedrockFaults.contentFilter());
    assertInstanceOf(ContentRejectedException.class, injected);

    GenerationException real = failure(keys(), GenerationRequest.builder("[reject] a fox"));
    assertInstanceOf(ContentRejectedException.class, real);
    assertTrue(real.getMessage().contains("content filters"), real.getMessage());
  }

  @Test
  void accessDeniedIsNotRetryableAndNamesTheCredentialSource() {
    GenerationException e = injected(BedrockFaults.accessDenied());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(
        e.getMessage().contains("credentials used: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        e.getMessage());
    assertNoSecret(e);
  }

  @Test
  void anUnknownAccessKeyIsUnrecognisedAndNamesTheSourceNotTheValue() {
    GenerationException e =
        failure(
            provider(
                Map.of("AWS_ACCESS_KEY_ID", "AKIDNOBODYKNOWS", "AWS_SECRET_ACCESS_KEY", SECRET),
                Map.of()),
            fox());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("UnrecognizedClientException"), e.getMessage());
    assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
    assertFalse(e.getMessage().contains("AKIDNOBODYKNOWS"), e.getMessage());
    assertNoSecret(e);
  }

  @Test
  void aWrongSecretIsAnInvalidSignature() {
    GenerationException e =
        failure(
            provider(
                Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", "not/the+secret"),
                Map.of()),
            fox());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("InvalidSignatureException"), e.getMessage());
    assertTrue(e.getMessage().contains("credentials used: AWS_ACCESS_KEY_ID"), e.getMessage());
    assertFalse(e.getMessage().contains("not/the+secret"));
  }

  @Test
  void anInvalidSignatureFaultNamesTheSourceToo() {
    GenerationException e = injected(BedrockFaults.invalidSignature());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("credentials used:"), e.getMessage());
  }

  @Test
  void anExpiredSessionTokenIsNotRetryableAndNamesTheSessionToken() {
    GenerationException e =
        failure(
            provider(
                Map.of(
                    "AWS_ACCESS_KEY_ID", EXPIRED_ID,
                    "AWS_SECRET_ACCESS_KEY", "provider/test+expired/ee66",
                    "AWS_SESSION_TOKEN", EXPIRED_TOKEN),
                Map.of()),
            fox());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("ExpiredTokenException"), e.getMessage());
    assertTrue(e.getMessage().contains("AWS_SESSION_TOKEN"), e.getMessage());
    assertNoSecret(e);
  }

  @Test
  void aSignatureMadeOutsideTheClockSkewHasExpired() {
    Clock late = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    GenerationException e =
        failure(
            provider(
                Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET),
                Map.of(),
                late),
            fox());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("Signature expired"), e.getMessage());
  }

  @Test
  void aWrongApiKeyNamesTheApiKey() {
    GenerationException e =
        failure(
            provider(Map.of("AWS_BEARER_TOKEN_BEDROCK", "not-the-api-key-123"), Map.of()), fox());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(
        e.getMessage().contains("the Bedrock API key AWS_BEARER_TOKEN_BEDROCK"), e.getMessage());
    assertFalse(e.getMessage().contains("not-the-api-key-123"));
  }

  @Test
  void aResourceNotFoundSaysTheModelIsNotEnabledInThatRegion() {
    GenerationException e = injected(BedrockFaults.resourceNotFound());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("not enabled for this account, in region eu-west-1"));
  }

  @Test
  void aModelTimeoutIsRetryableButAmbiguous() {
    RetryableProviderException r =
        assertInstanceOf(RetryableProviderException.class, injected(BedrockFaults.modelTimeout()));
    assertTrue(r.ambiguous(), "the model may have run, and the call been billed");

    RetryableProviderException real =
        assertInstanceOf(
            RetryableProviderException.class,
            failure(keys(), GenerationRequest.builder("[timeout] a fox")));
    assertTrue(real.ambiguous());
  }

  @Test
  void anInternalErrorIsRetryableButAmbiguous() {
    RetryableProviderException r =
        assertInstanceOf(RetryableProviderException.class, injected(BedrockFaults.internalError()));
    assertTrue(r.ambiguous());
    assertTrue(r.getMessage().contains("may have been processed and billed"), r.getMessage());
  }

  @Test
  void aResetAfterTheRequestWasWrittenIsAmbiguous() {
    RetryableProviderException r =
        assertInstanceOf(RetryableProviderException.class, injected(Fault.resetAfterBody()));
    assertTrue(r.ambiguous());
  }

  @Test
  void anExceededQuotaIsNotRetryable() {
    assertEquals(
        FailureClass.NOT_RETRYABLE, injected(BedrockFaults.quotaExceeded()).failureClass());
  }

  // ------------------------------------------------------------------ content in the answer

  @Test
  void imagesTheFiltersRemovedAreAContentRejectionOrASmallerResult() {
    GenerationException all = failure(keys(), fox().prompt("[block-output] a fox").count(2));
    assertInstanceOf(ContentRejectedException.class, all);
    assertTrue(all.getMessage().contains("All of the generated images"), all.getMessage());

    PlannedCall three =
        only(keys().plan(fox().prompt("[block-some] a fox").count(3).build(), NOVA));
    JobStatus.Succeeded some = new ProviderDriver(keys()).succeed(three);
    assertEquals(2, some.images().size(), "the images that came are kept");
  }

  @Test
  void stabilityFinishReasonsAreReadPerImage() {
    ImageProvider p = keys();
    String sd = "stability.sd3-5-large-v1:0";
    GenerationException filtered = failure(p, sd, GenerationRequest.builder("[reject] a fox"));
    assertInstanceOf(ContentRejectedException.class, filtered);
    assertTrue(filtered.getMessage().contains("Filter reason: prompt"), filtered.getMessage());

    GenerationException inference = failure(p, sd, GenerationRequest.builder("[fail] a fox"));
    assertEquals(FailureClass.RETRYABLE, inference.failureClass());

    JobStatus.Succeeded ok =
        new ProviderDriver(p)
            .succeed(
                only(
                    p.plan(
                        GenerationRequest.builder("a fox")
                            .seed(77L)
                            .size(Size.aspect(21, 9))
                            .build(),
                        sd)));
    assertEquals(77L, ok.images().get(0).seed(), "the seed Stability reports");
    assertEquals(new PixelSize(1536, 640), ok.images().get(0).size());
  }

  private static GenerationException failure(
      ImageProvider p, String model, GenerationRequest.Builder r) {
    PlannedCall call = only(p.plan(r.build(), model));
    try {
      return assertInstanceOf(JobStatus.Failed.class, new ProviderDriver(p).run(call)).error();
    } catch (GenerationException e) {
      return e;
    }
  }

  // ------------------------------------------------------------------------- the wire

  @Test
  void theModelIdIsPercentEncodedAndSignedDoubleEncodedForServiceBedrock() {
    ImageProvider p = keys();
    PlannedCall call = only(p.plan(fox().build(), "us.amazon.nova-canvas-v1:0"));
    assertEquals(
        sim.runtimeBaseUri() + "/model/us.amazon.nova-canvas-v1%3A0/invoke",
        call.call().uri().toString());
    assertEquals("Authorization", call.call().credentialHeader());
    assertNull(call.call().headers().get("Authorization"), "plans carry no credential");

    new ProviderDriver(p).succeed(call);

    RecordedRequest r = sim.requests().last(INVOKE).orElseThrow();
    assertEquals("/model/us.amazon.nova-canvas-v1%3A0/invoke", r.rawPath());
    String authorization = r.header("authorization").orElseThrow();
    assertTrue(authorization.contains("/eu-west-1/bedrock/aws4_request"), authorization);
    assertTrue(r.header("x-amz-date").isPresent());
    assertTrue(r.header("x-amz-content-sha256").isPresent());
    assertTrue(SigV4Verifier.signedWith(r, SECRET, "bedrock"), "the simulator's own check agrees");
    String canonical =
        SigV4Verifier.canonicalRequest(
            r.method(),
            r.rawPath(),
            r.rawQuery(),
            r.headers(),
            SigV4Verifier.parse(authorization).orElseThrow().signedHeaders(),
            r.body());
    assertTrue(
        canonical.startsWith("POST\n/model/us.amazon.nova-canvas-v1%253A0/invoke\n"), canonical);
  }

  @Test
  void anArnIsSentWithItsSlashEncoded() {
    String arn =
        "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-canvas-v1:0";
    ImageProvider p = keys();
    PlannedCall call = only(p.plan(fox().build(), arn));
    assertTrue(call.call().uri().getRawPath().contains("inference-profile%2Feu.amazon"));
    assertEquals(1, new ProviderDriver(p).succeed(call).images().size());
  }

  @Test
  void temporaryKeysSendTheirSessionToken() {
    ImageProvider p =
        provider(
            Map.of(
                "AWS_ACCESS_KEY_ID", TEMP_ID,
                "AWS_SECRET_ACCESS_KEY", TEMP_SECRET,
                "AWS_SESSION_TOKEN", TOKEN),
            Map.of());
    new ProviderDriver(p).succeed(only(p.plan(fox().build(), NOVA)));
    RecordedRequest r = sim.requests().last(INVOKE).orElseThrow();
    assertEquals(TOKEN, r.header("x-amz-security-token").orElseThrow());
    assertTrue(r.header("authorization").orElseThrow().contains("x-amz-security-token"));
  }

  @Test
  void anApiKeyWinsUnlessSigV4IsAskedFor() {
    Map<String, String> both =
        Map.of(
            "AWS_BEARER_TOKEN_BEDROCK", API_KEY,
            "AWS_ACCESS_KEY_ID", KEY_ID,
            "AWS_SECRET_ACCESS_KEY", SECRET);
    ImageProvider auto = provider(both, Map.of());
    new ProviderDriver(auto).succeed(only(auto.plan(fox().build(), NOVA)));
    assertEquals(
        "Bearer " + API_KEY,
        sim.requests().last(INVOKE).orElseThrow().header("authorization").orElseThrow());

    ImageProvider sigv4 = provider(both, Map.of("auth", "sigv4"));
    new ProviderDriver(sigv4).succeed(only(sigv4.plan(fox().build(), NOVA)));
    assertTrue(
        sim.requests()
            .last(INVOKE)
            .orElseThrow()
            .header("authorization")
            .orElseThrow()
            .startsWith("AWS4-HMAC-SHA256 "));

    GenerationException bearerOnly =
        failure(provider(Map.of("AWS_ACCESS_KEY_ID", KEY_ID), Map.of("auth", "bearer")), fox());
    assertEquals(FailureClass.NOT_RETRYABLE, bearerOnly.failureClass());
    assertTrue(bearerOnly.getMessage().contains("AWS_BEARER_TOKEN_BEDROCK"));
  }

  @Test
  void halfASigV4KeyPairIsNamedAndNothingIsSent() {
    GenerationException e = failure(provider(Map.of("AWS_ACCESS_KEY_ID", KEY_ID), Map.of()), fox());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(
        e.getMessage().contains("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY"),
        e.getMessage());
    assertEquals(0, sim.requests().count(INVOKE));

    GenerationException none = failure(provider(Map.of(), Map.of()), fox());
    assertEquals(FailureClass.NOT_RETRYABLE, none.failureClass());
    assertTrue(none.getMessage().contains("AWS_BEARER_TOKEN_BEDROCK"), none.getMessage());
    assertEquals(0, sim.requests().count(INVOKE));
  }

  @Test
  void planningNeedsNoCredential() {
    CallPlan plan = provider(Map.of(), Map.of()).plan(fox().count(7).build(), NOVA);
    assertEquals(2, plan.calls().size());
    assertEquals(0, sim.requests().size(), "nothing sent");
  }

  @Test
  void aPromptOverTheLimitSendsNothing() {
    GenerationException e =
        io.genport.spitck.ProviderDriver.failure(
            () -> keys().plan(GenerationRequest.builder("x".repeat(1025)).build(), NOVA), "plan");
    assertEquals(FailureClass.INVALID_REQUEST, e.failureClass());
    assertTrue(e.getMessage().contains("at most 1024"), e.getMessage());
    assertEquals(0, sim.requests().size());
  }

  @Test
  void anUnknownModelListsTheCatalog() {
    GenerationException e =
        io.genport.spitck.ProviderDriver.failure(
            () -> keys().plan(fox().build(), "amazon.nova-reel-v1:0"), "plan");
    assertEquals(FailureClass.INVALID_REQUEST, e.failureClass());
    assertTrue(
        e.getMessage().contains("catalog models: amazon.nova-canvas-v1:0, "), e.getMessage());
    GenerationException provisioned =
        io.genport.spitck.ProviderDriver.failure(
            () ->
                keys()
                    .plan(
                        fox().build(),
                        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123"),
            "plan");
    assertTrue(provisioned.getMessage().contains("do not name their model"));
  }

  @Test
  void theRealImageSizeMatchesThePlanForEachFamily() {
    ImageProvider p = keys();
    Map<String, GenerationRequest> requests =
        Map.of(
            NOVA,
            fox().size(Size.exact(1280, 720)).count(2).build(),
            "amazon.titan-image-generator-v1",
            fox().size(Size.exact(1280, 720)).build(),
            "stability.stable-image-core-v1:1",
            fox().size(Size.aspect(4, 5)).build());
    requests.forEach(
        (model, request) -> {
          PlannedCall call = only(p.plan(request, model));
          for (var img : new ProviderDriver(p).succeed(call).images()) {
            assertEquals(call.expectedSize(), img.size(), model);
            assertEquals("image/png", img.mediaType(), model);
          }
        });
  }
}
