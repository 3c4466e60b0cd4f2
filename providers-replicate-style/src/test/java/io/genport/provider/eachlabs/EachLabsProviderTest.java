package io.genport.provider.eachlabs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.domain.Target;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.Sleeper;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.eachlabs.EachLabsFaults;
import io.genport.simulators.eachlabs.EachLabsSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderLoader;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransport;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Each Labs provider against the Each Labs simulator, over the real HttpClient 5 transport. */
class EachLabsProviderTest {
  private static final String KEY = "test-eachlabs-key-4f1c";

  private static HttpClient5Transport transport;
  private EachLabsSimulator each;
  private final List<HttpRequest> sent = Collections.synchronizedList(new ArrayList<>());
  private ImageProvider provider;

  @BeforeAll
  static void transport() {
    transport = new HttpClient5Transport();
  }

  @AfterAll
  static void closeTransport() {
    transport.close();
  }

  @BeforeEach
  void start() {
    each = EachLabsSimulator.builder().apiKey(KEY).start();
    provider = provider(each.apiBaseUri().toString(), Map.of("EACHLABS_API_KEY", KEY));
  }

  @AfterEach
  void stop() {
    each.close();
  }

  /** A provider whose transport records every request it sends. */
  private ImageProvider provider(String baseUrl, Map<String, String> credentials) {
    HttpTransport recording =
        request -> {
          sent.add(request);
          return transport.send(request);
        };
    ProviderContext context =
        ProviderContext.of(
            recording,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Credentials.fromMap(credentials),
            new ObjectMapper(),
            new Random(11));
    return new EachLabsProviderFactory()
        .create(
            new ProviderConfig(
                Map.of(
                    "base-url",
                    baseUrl,
                    "download-allow",
                    each.mediaBaseUri().getHost(),
                    "poll-interval",
                    "10ms")),
            context);
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static GenerationException failure(CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    return assertInstanceOf(GenerationException.class, e.getCause());
  }

  /** Starts the call and polls until the job ends; returns every status seen. */
  private List<JobStatus> run(PlannedCall call) {
    VendorJob job = await(provider.start(call));
    List<JobStatus> seen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JobStatus s = await(provider.poll(job));
      seen.add(s);
      if (s.terminal()) {
        return seen;
      }
    }
    throw new AssertionError("job " + job.id() + " did not end");
  }

  private static JobStatus last(List<JobStatus> statuses) {
    return statuses.get(statuses.size() - 1);
  }

  // ---------------------------------------------------------------- the happy path

  @Test
  void submitsPollsAndCompletesWithImagesOfThePlannedSizeAndTheirCost() {
    CallPlan plan =
        provider.plan(
            GenerationRequest.builder("a red fox")
                .size(Size.aspect(16, 9))
                .count(2)
                .seed(7L)
                .build(),
            "flux-dev");
    assertEquals(new Target("eachlabs", "flux-dev"), plan.target());
    assertEquals(1, plan.calls().size());
    PlannedCall call = plan.calls().get(0);
    assertEquals(URI.create(each.apiBaseUri() + "/v1/prediction"), call.call().uri());
    assertEquals("X-API-Key", call.call().credentialHeader());
    assertFalse(call.call().headers().containsKey("X-API-Key"), "no key in a plan");
    assertEquals(new PixelSize(1360, 768), call.expectedSize());

    List<JobStatus> statuses = run(call);
    assertInstanceOf(JobStatus.Queued.class, statuses.get(0));
    JobStatus.Running running = assertInstanceOf(JobStatus.Running.class, statuses.get(1));
    assertTrue(running.logs().contains("Generating 2 image(s)"), running.logs().toString());
    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, last(statuses));
    assertEquals(2, done.images().size());
    for (GeneratedImage img : done.images()) {
      assertEquals(new PixelSize(1360, 768), img.size());
      assertEquals(7L, img.seed());
      assertEquals("image/webp", img.mediaType(), "the default webp is served as WebP");
    }
    assertEquals(new Cost(new BigDecimal("0.006"), "USD"), normalised(done.cost()));

    RecordedRequest create = each.requests().last(EachLabsSimulator.CREATE).orElseThrow();
    JsonNode body = create.bodyJson();
    assertEquals("flux-dev", body.get("model").asText());
    assertEquals("0.0.1", body.get("version").asText());
    assertEquals("16:9", body.get("input").get("aspect_ratio").asText());
    assertEquals(2, body.get("input").get("num_outputs").asInt());
    assertEquals(7, body.get("input").get("seed").asInt());
    assertEquals(KEY, create.header("X-API-Key").orElseThrow());
    assertTrue(create.header("Authorization").isEmpty());
  }

  private static Cost normalised(Cost c) {
    return new Cost(c.amount().stripTrailingZeros(), c.currency());
  }

  @Test
  void falStylePresetsAndSplitCountsWork() {
    CallPlan flux2 =
        provider.plan(GenerationRequest.builder("x").size(Size.exact(1024, 576)).build(), "flux-2");
    JobStatus.Succeeded s =
        assertInstanceOf(JobStatus.Succeeded.class, last(run(flux2.calls().get(0))));
    assertEquals(new PixelSize(1024, 576), s.images().get(0).size());

    CallPlan split =
        provider.plan(
            GenerationRequest.builder("x").count(3).seed(100L).build(), "p-image-text-to-image");
    assertEquals(3, split.calls().size());
    List<Long> seeds = new ArrayList<>();
    for (PlannedCall c : split.calls()) {
      JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, last(run(c)));
      assertEquals(c.expectedSize(), done.images().get(0).size());
      seeds.add(done.images().get(0).seed());
    }
    assertEquals(List.of(100L, 101L, 102L), seeds);
    assertEquals(4, each.predictionsCreated());
  }

  @Test
  void everyCanonicallyTranslatableModelRendersThePlannedSizeInTheSimulator() {
    List<String> mismatches = new ArrayList<>();
    for (ModelSpec m : EachLabsCatalogTest.CATALOG.models().values()) {
      if (!EachLabsCatalogTest.canonicallyTranslatable(m)) {
        continue;
      }
      for (Size size : List.of(Size.unspecified(), Size.aspect(3, 2))) {
        CallPlan plan =
            provider.plan(GenerationRequest.builder("a lighthouse").size(size).build(), m.id());
        PlannedCall call = plan.calls().get(0);
        JobStatus end = last(run(call));
        if (!(end instanceof JobStatus.Succeeded s)) {
          mismatches.add(m.id() + " " + size + ": " + end);
          continue;
        }
        PixelSize got = s.images().get(0).size();
        if (call.expectedSize() != null && !call.expectedSize().equals(got)) {
          mismatches.add(m.id() + " " + size + ": planned " + call.expectedSize() + ", got " + got);
        }
        assertNotNull(s.cost(), m.id());
      }
    }
    assertEquals(List.of(), mismatches);
  }

  // ---------------------------------------------------------------- cancel

  @Test
  void cancelReachesTheSimulator() {
    PlannedCall call =
        provider.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    VendorJob job = await(provider.start(call));
    assertInstanceOf(JobStatus.Queued.class, await(provider.poll(job)));
    await(provider.cancel(job));
    assertEquals(List.of(job.id()), each.cancelledIds());
    RecordedRequest cancel = each.requests().last(EachLabsSimulator.CANCEL).orElseThrow();
    assertEquals("/v1/prediction/" + job.id() + "/cancel", cancel.path());
    assertEquals(KEY, cancel.header("X-API-Key").orElseThrow());
    assertInstanceOf(JobStatus.Cancelled.class, await(provider.poll(job)));
    // Cancelling a prediction that already ended is not an error: there is nothing left to stop.
    await(provider.cancel(job));
  }

  @Test
  void aJobCanBeResumedFromItsIdAlone() {
    PlannedCall call =
        provider.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    VendorJob job = await(provider.start(call));
    VendorJob resumed = new VendorJob(job.target(), job.id(), Map.of());
    List<JobStatus> statuses = new ArrayList<>();
    for (int i = 0; i < 5 && (statuses.isEmpty() || !last(statuses).terminal()); i++) {
      statuses.add(await(provider.poll(resumed)));
    }
    assertInstanceOf(JobStatus.Succeeded.class, last(statuses));
  }

  // ---------------------------------------------------------------- failure classes

  private GenerationException submitFailure() {
    PlannedCall call =
        provider.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    return failure(provider.start(call));
  }

  @Test
  void authenticationAndPermissionFailuresAreNotRetryable() {
    ImageProvider wrongKey =
        provider(each.apiBaseUri().toString(), Map.of("EACHLABS_API_KEY", "wrong-key-9z"));
    PlannedCall call =
        wrongKey.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    NonRetryableProviderException e =
        assertInstanceOf(NonRetryableProviderException.class, failure(wrongKey.start(call)));
    assertEquals(401, e.httpStatus());
    assertTrue(e.getMessage().contains("Invalid or missing API key"), e.getMessage());
    assertTrue(e.getMessage().contains("check the Each Labs credential"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-key-9z"));

    each.faults()
        .on(EachLabsSimulator.CREATE)
        .times(1)
        .inject(EachLabsFaults.forbidden("Insufficient balance"));
    assertEquals(403, ((NonRetryableProviderException) submitFailure()).httpStatus());
  }

  @Test
  void notFoundAndValidationFailuresAreNotRetryable() {
    VendorJob missing = new VendorJob(new Target("eachlabs", "flux-dev"), "no-such-id", Map.of());
    NonRetryableProviderException notFound =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.poll(missing)));
    assertEquals(404, notFound.httpStatus());
    assertTrue(notFound.getMessage().contains("Prediction not found"));

    each.faults()
        .on(EachLabsSimulator.CREATE)
        .times(1)
        .inject(Fault.status(422).withJsonBody(Map.of("error", "Invalid input for model")));
    assertEquals(422, ((NonRetryableProviderException) submitFailure()).httpStatus());

    // A native extension of the wrong type is refused before anything is sent.
    int before = each.requests().size();
    assertThrows(
        InvalidRequestException.class,
        () ->
            provider.plan(
                GenerationRequest.builder("x").extension("eachlabs", "go_fast", "maybe").build(),
                "flux-schnell"));
    assertEquals(before, each.requests().size());
  }

  @Test
  void badInputThatReachesEachLabsIsA400() {
    PlannedCall call =
        provider.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    PlannedCall broken =
        new PlannedCall(
            call.part(),
            new io.genport.core.port.NativeCall(
                "POST",
                call.call().uri(),
                call.call().headers(),
                "X-API-Key",
                "{\"model\":\"flux-schnell\",\"version\":\"0.0.1\",\"input\":{\"prompt\":7}}"),
            call.expectedSize());
    NonRetryableProviderException e =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.start(broken)));
    assertEquals(400, e.httpStatus());
    assertTrue(e.getMessage().contains("Invalid input for model: input.prompt must be a string"));
    assertEquals(0, each.predictionsCreated());
  }

  @Test
  void rateLimitsAndServerErrorsAreRetryableWithRetryAfter() {
    each.faults().on(EachLabsSimulator.CREATE).times(1).inject(EachLabsFaults.rateLimited(7));
    RetryableProviderException limited =
        assertInstanceOf(RetryableProviderException.class, submitFailure());
    assertEquals(Duration.ofSeconds(7), limited.retryAfter());
    assertFalse(limited.ambiguous());
    assertTrue(limited.getMessage().contains("Rate limit exceeded"));

    each.faults().on(EachLabsSimulator.CREATE).times(1).inject(EachLabsFaults.serverError());
    assertInstanceOf(RetryableProviderException.class, submitFailure());
    each.faults().on(EachLabsSimulator.CREATE).times(1).inject(Fault.status(503));
    assertInstanceOf(RetryableProviderException.class, submitFailure());
    each.faults().on(EachLabsSimulator.CREATE).times(1).inject(Fault.resetBeforeBody());
    assertInstanceOf(RetryableProviderException.class, submitFailure());
    each.faults().on(EachLabsSimulator.CREATE).times(1).inject(Fault.malformedJson());
    RetryableProviderException garbled =
        assertInstanceOf(RetryableProviderException.class, submitFailure());
    assertTrue(garbled.ambiguous(), "the prediction exists, but its id was lost");
    assertEquals(1, each.predictionsCreated(), "only the malformed answer created one");

    // A failed status request is retryable too: the job is polled again, never resubmitted.
    PlannedCall call =
        provider.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    VendorJob job = await(provider.start(call));
    each.faults().on(EachLabsSimulator.GET).times(1).inject(Fault.status(502));
    assertInstanceOf(RetryableProviderException.class, failure(provider.poll(job)));
    assertInstanceOf(JobStatus.Queued.class, await(provider.poll(job)));
  }

  @Test
  void anAcceptedSubmitWithoutAPredictionIdIsRetryableButAmbiguous() {
    each.faults()
        .on(EachLabsSimulator.CREATE)
        .times(1)
        .inject(Fault.status(200).withJsonBody(Map.of("status", "success")));
    RetryableProviderException e =
        assertInstanceOf(RetryableProviderException.class, submitFailure());
    assertTrue(e.ambiguous(), "the prediction may exist: resubmitting could bill twice");
    assertTrue(e.getMessage().contains("predictionID"), e.getMessage());
  }

  @Test
  void theLastLogLinesAreReportedBeforeTheEnd() {
    PlannedCall call =
        provider.plan(GenerationRequest.builder("x").build(), "flux-schnell").calls().get(0);
    List<JobStatus> statuses = run(call);
    JobStatus.Running closing =
        assertInstanceOf(JobStatus.Running.class, statuses.get(statuses.size() - 2));
    assertEquals(List.of("Generation finished"), closing.logs(), "only the line not seen yet");
    assertInstanceOf(JobStatus.Succeeded.class, last(statuses));
  }

  @Test
  void contentRejectionsAreTypedAndOtherRunFailuresClassifiedByErrorCode() {
    JobStatus.Failed rejected =
        assertInstanceOf(
            JobStatus.Failed.class,
            last(
                run(
                    provider
                        .plan(GenerationRequest.builder("a [reject] scene").build(), "flux-dev")
                        .calls()
                        .get(0))));
    assertInstanceOf(ContentRejectedException.class, rejected.error());
    assertTrue(rejected.error().getMessage().contains("PROVIDER_REJECTED"));

    JobStatus.Failed failed =
        assertInstanceOf(
            JobStatus.Failed.class,
            last(
                run(
                    provider
                        .plan(GenerationRequest.builder("[fail]").build(), "flux-dev")
                        .calls()
                        .get(0))));
    assertInstanceOf(NonRetryableProviderException.class, failed.error());

    JobStatus.Failed timedOut =
        assertInstanceOf(
            JobStatus.Failed.class,
            last(
                run(
                    provider
                        .plan(GenerationRequest.builder("[timeout]").build(), "flux-dev")
                        .calls()
                        .get(0))));
    assertInstanceOf(RetryableProviderException.class, timedOut.error());
  }

  @Test
  void theErrorStatusWordIsReadAsAFailureToo() {
    each.close();
    each = EachLabsSimulator.builder().apiKey(KEY).failedStatus("error").start();
    provider = provider(each.apiBaseUri().toString(), Map.of("EACHLABS_API_KEY", KEY));
    JobStatus.Failed f =
        assertInstanceOf(
            JobStatus.Failed.class,
            last(
                run(
                    provider
                        .plan(GenerationRequest.builder("[reject]").build(), "imagen-3")
                        .calls()
                        .get(0))));
    assertInstanceOf(ContentRejectedException.class, f.error());
  }

  // ---------------------------------------------------------------- the credential

  @Test
  void theKeyGoesOnlyToTheConfiguredHostAndNeverToImageUrls() {
    CallPlan plan = provider.plan(GenerationRequest.builder("x").count(2).build(), "flux-dev");
    assertInstanceOf(JobStatus.Succeeded.class, last(run(plan.calls().get(0))));
    URI api = each.apiBaseUri();
    int downloads = 0;
    synchronized (sent) {
      for (HttpRequest r : sent) {
        boolean toApi = io.genport.spi.http.Origins.same(r.uri(), api);
        boolean hasKey =
            r.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("X-API-Key"));
        assertEquals(toApi, hasKey, r.toString());
        assertFalse(r.headers().containsKey("Authorization"), r.toString());
        assertFalse(r.toString().contains(KEY), "requests print redacted");
        if (!toApi) {
          downloads++;
        }
      }
    }
    assertEquals(2, downloads);
    for (RecordedRequest r : each.requests().matching(EachLabsSimulator.FILE)) {
      assertTrue(r.header("X-API-Key").isEmpty());
    }

    // A job whose URLs point elsewhere is polled and cancelled at the configured host instead.
    VendorJob job = await(provider.start(plan.calls().get(0)));
    String elsewhere = each.mediaBaseUri() + "/v1/prediction/" + job.id();
    VendorJob hijacked =
        new VendorJob(
            job.target(),
            job.id(),
            Map.of("get_url", elsewhere, "cancel_url", elsewhere + "/cancel"));
    await(provider.poll(hijacked));
    await(provider.cancel(hijacked));
    assertEquals(List.of(job.id()), each.cancelledIds());
    for (RecordedRequest r : each.requests().all()) {
      if (r.host().equals(EachLabsSimulator.MEDIA_HOST)) {
        assertTrue(r.header("X-API-Key").isEmpty(), r.toString());
      }
    }
  }

  @Test
  void aMissingCredentialFailsBeforeAnythingIsSent() {
    ImageProvider anonymous = provider(each.apiBaseUri().toString(), Map.of());
    PlannedCall call =
        anonymous.plan(GenerationRequest.builder("x").build(), "flux-dev").calls().get(0);
    GenerationException e = failure(anonymous.start(call));
    assertInstanceOf(NonRetryableProviderException.class, e);
    assertTrue(e.getMessage().contains("EACHLABS_API_KEY"));
    assertEquals(0, each.requests().size());
  }

  @Test
  void aModelThatNeedsAnIdentityImageIsRejectedBeforeAnythingIsSent() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                provider.plan(
                    GenerationRequest.builder("a photo of a man img").build(), "photomaker"));
    assertTrue(e.getMessage().contains("requires 'input_image'"), e.getMessage());
    assertTrue(e.getMessage().contains("native parameter of provider 'eachlabs'"), e.getMessage());
    assertEquals(0, each.requests().size());
    assertEquals(0, sent.size());

    CallPlan plan =
        provider.plan(
            GenerationRequest.builder("a photo of a man img")
                .extension("eachlabs", "input_image", "https://example.com/face.png")
                .build(),
            "photomaker");
    JobStatus.Succeeded done =
        assertInstanceOf(JobStatus.Succeeded.class, last(run(plan.calls().get(0))));
    assertEquals(1, done.images().size());
  }

  // ---------------------------------------------------------------- discovery and configuration

  @Test
  void isDiscoveredAndConfigurable() {
    LoadedProviders loaded = ProviderLoader.load();
    assertInstanceOf(EachLabsProviderFactory.class, loaded.get("eachlabs"));

    // Each Labs' own SDKs configure ".../v1"; a bare origin gets it; a URL with a path is kept.
    for (String base :
        List.of(
            EachLabsProviderFactory.DEFAULT_BASE_URL,
            "https://api.eachlabs.ai/v1/",
            "https://api.eachlabs.ai")) {
      ImageProvider real = provider(base, Map.of());
      PlannedCall call =
          real.plan(GenerationRequest.builder("x").build(), "flux-dev").calls().get(0);
      assertEquals(URI.create("https://api.eachlabs.ai/v1/prediction"), call.call().uri(), base);
    }
    ImageProvider proxied = provider("https://gateway.example/eachlabs/v1", Map.of());
    assertEquals(
        URI.create("https://gateway.example/eachlabs/v1/prediction"),
        proxied
            .plan(GenerationRequest.builder("x").build(), "flux-dev")
            .calls()
            .get(0)
            .call()
            .uri());
    VendorJob job = new VendorJob(new Target("eachlabs", "flux-dev"), "p-1", Map.of());
    assertEquals(Duration.ofMillis(10), proxied.pollInterval(job));

    InvalidRequestException bad =
        assertThrows(
            InvalidRequestException.class,
            () ->
                new EachLabsProviderFactory()
                    .create(
                        new ProviderConfig(Map.of("poll-interval", "soon")),
                        ProviderContext.of(
                            r -> null,
                            Clock.systemUTC(),
                            Sleeper.SYSTEM,
                            Credentials.none(),
                            new ObjectMapper(),
                            new Random())));
    assertTrue(bad.getMessage().contains("poll-interval"));
    InvalidRequestException badUrl =
        assertThrows(
            InvalidRequestException.class,
            () ->
                new EachLabsProviderFactory()
                    .create(
                        new ProviderConfig(Map.of("base-url", "ftp://x")),
                        ProviderContext.of(
                            r -> null,
                            Clock.systemUTC(),
                            Sleeper.SYSTEM,
                            Credentials.none(),
                            new ObjectMapper(),
                            new Random())));
    assertTrue(badUrl.getMessage().contains("base-url"));

    InvalidRequestException unknown =
        assertThrows(
            InvalidRequestException.class,
            () -> provider.plan(GenerationRequest.builder("x").build(), "no-such-model"));
    assertTrue(unknown.getMessage().contains("flux-dev"), "names the known models");
    assertNull(provider.describe("flux-2").seed().randomSentinel());
  }
}
