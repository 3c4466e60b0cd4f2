package io.genport.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.fal.FalErrors;
import io.genport.simulators.fal.FalFaults;
import io.genport.simulators.fal.FalSimulator;
import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.ProviderLoader;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.ImageProbe;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransport;
import io.genport.spitck.ProviderDriver;
import io.genport.toolkit.CatalogLookup;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What is specific to fal, beyond the provider contract: the queue protocol's details, sync mode,
 * fal's error headers, configuration, discovery and the catalog. Every test runs against a fresh
 * {@link FalSimulator} over the real HttpClient 5 transport and ends with no leased connection.
 */
class FalProviderTest {
  private static final String FLUX_DEV = "fal-ai/flux/dev";

  private FalHarness h;
  private ProviderDriver driver;

  @AfterEach
  void closeHarness() {
    if (h != null) {
      try {
        h.verifyNoLeaks();
      } finally {
        h.close();
      }
    }
  }

  private FalHarness queue(JobTiming timing) {
    h = FalHarness.of(FalSimulator.builder().jobTiming(timing), false, FLUX_DEV);
    return h;
  }

  /** A queue-mode job with {@code prompt} that completes at its first poll; {@link #driver}. */
  private VendorJob immediateJob(String prompt) {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    driver = new ProviderDriver(p);
    return driver.start(onlyCall(p.plan(request().prompt(prompt).build(), FLUX_DEV)));
  }

  private static GenerationRequest.Builder request() {
    return GenerationRequest.builder("a red fox in the snow").seed(42L).size(Size.exact(512, 512));
  }

  private static PlannedCall onlyCall(CallPlan plan) {
    assertEquals(1, plan.calls().size(), plan.calls().toString());
    return plan.calls().get(0);
  }

  private static String authorization(RecordedRequest r) {
    return r.header("Authorization").orElse(null);
  }

  /** Submits a job with the real receipt and returns its request id. */
  private String submitRealJob(ImageProvider p, String model) {
    return new ProviderDriver(p).start(onlyCall(p.plan(request().build(), model))).id();
  }

  // ------------------------------------------------------------------------ queue protocol

  @Test
  void queuePositionAndLogsBecomeQueuedAndRunningWithoutRepeatingLogs() {
    queue(JobTiming.polls(2, 3));
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);
    VendorJob job = d.start(onlyCall(p.plan(request().build(), FLUX_DEV)));

    List<JobStatus> seen = d.pollToEnd(job);

    assertEquals(6, seen.size(), seen.toString());
    assertEquals(new JobStatus.Queued(1), seen.get(0));
    assertEquals(new JobStatus.Queued(0), seen.get(1));
    assertEquals(
        new JobStatus.Running(List.of("Loading model", "Generating 1 image(s)")), seen.get(2));
    assertEquals(new JobStatus.Running(List.of()), seen.get(3), "a log line is reported once");
    assertEquals(new JobStatus.Running(List.of()), seen.get(4));
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(5));
    for (RecordedRequest r : h.simulator().requests().matching(FalSimulator.STATUS)) {
      assertEquals("1", r.queryParam("logs").orElse(null), "logs are asked for");
    }
  }

  @Test
  void statusResultAndCancelUrlsDropTheModelSubpath() {
    queue(JobTiming.polls(1, 1));
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);
    PlannedCall call = onlyCall(p.plan(request().build(), FLUX_DEV));
    assertEquals("/fal-ai/flux/dev", call.call().uri().getPath());

    // Receipts with only the request id make the provider build every URL itself.
    String first = submitRealJob(p, FLUX_DEV);
    h.simulator().faults().on(FalSimulator.SUBMIT).inject(receipt(Map.of("request_id", first)));
    VendorJob polled = d.start(call);
    String second = submitRealJob(p, FLUX_DEV);
    h.simulator().faults().on(FalSimulator.SUBMIT).inject(receipt(Map.of("request_id", second)));
    VendorJob cancelled = d.start(call);

    String app = h.simulator().queueBaseUri() + "/fal-ai/flux/requests/";
    assertEquals(app + first + "/status", polled.attribute("status_url"));
    assertEquals(app + first, polled.attribute("response_url"));
    assertEquals(app + first + "/cancel", polled.attribute("cancel_url"));
    assertInstanceOf(JobStatus.Succeeded.class, last(d.pollToEnd(polled)));
    d.cancel(cancelled);

    assertEquals(
        "/fal-ai/flux/requests/" + first + "/status",
        h.simulator().requests().last(FalSimulator.STATUS).orElseThrow().path());
    assertEquals(
        "/fal-ai/flux/requests/" + first,
        h.simulator().requests().last(FalSimulator.RESULT).orElseThrow().path());
    assertEquals(
        "/fal-ai/flux/requests/" + second + "/cancel",
        h.simulator().requests().last(FalSimulator.CANCEL).orElseThrow().path());
    assertEquals(List.of(second), h.simulator().cancelledRequestIds());
    for (RecordedRequest r : h.simulator().requests().matching(FalSimulator.SUBMIT)) {
      assertEquals("/fal-ai/flux/dev", r.path(), "submits keep the subpath");
    }
  }

  @Test
  void returnedUrlsOnAForeignHostAreNotFollowedWithTheKey() {
    queue(JobTiming.polls(1, 1));
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);
    String id = submitRealJob(p, FLUX_DEV);
    String foreign = h.simulator().mediaBaseUri() + "/steal/" + id;
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("request_id", id);
    receipt.put("status_url", foreign + "/status");
    receipt.put("response_url", foreign);
    receipt.put("cancel_url", foreign + "/cancel");
    h.simulator().faults().on(FalSimulator.SUBMIT).inject(receipt(receipt));

    VendorJob job = d.start(onlyCall(p.plan(request().build(), FLUX_DEV)));
    JobStatus end = last(d.pollToEnd(job));

    assertInstanceOf(JobStatus.Succeeded.class, end, "the canonical URLs still work");
    assertTrue(job.attribute("status_url").startsWith(h.simulator().queueBaseUri().toString()));
    for (RecordedRequest r : h.simulator().requests().all()) {
      if (r.host().equals(FalSimulator.MEDIA_HOST)) {
        assertNull(authorization(r), "the media host never gets the key: " + r);
        assertFalse(r.path().startsWith("/steal"), "the foreign URL was not followed: " + r);
      }
    }
  }

  @Test
  void imageUrlsAreFetchedWithoutTheKeyEvenOnTheQueueHost() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);
    VendorJob job = d.start(onlyCall(p.plan(request().build(), FLUX_DEV)));
    // The output points the image at the key-bearing queue host; the download must not add it.
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("url", h.simulator().queueBaseUri() + "/files/x.png");
    Map<String, Object> output = Map.of("images", List.of(image), "seed", 42);
    h.simulator()
        .faults()
        .on(FalSimulator.RESULT)
        .inject(Fault.respond(SimResponse.json(200, output)));

    JobStatus end = last(d.pollToEnd(job));

    assertInstanceOf(JobStatus.Failed.class, end, "the queue host serves no image");
    RecordedRequest fetch =
        h.simulator().requests().all().stream()
            .filter(r -> r.path().equals("/files/x.png"))
            .findFirst()
            .orElseThrow();
    assertNull(authorization(fetch), "result downloads never carry the key");
  }

  @Test
  void transientResultFailureFromTheIngressIsRetriedByPollingAgain() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);
    VendorJob job = d.start(onlyCall(p.plan(request().build(), FLUX_DEV)));
    // fal's ingress answers without x-fal-request-id: the job itself is fine.
    h.simulator()
        .faults()
        .on(FalSimulator.RESULT)
        .inject(Fault.respond(FalErrors.infrastructure("runner_scheduling_failure")));

    GenerationException e = ProviderDriver.failure(p.poll(job), "poll");

    assertEquals(FailureClass.RETRYABLE, e.failureClass());
    assertInstanceOf(JobStatus.Succeeded.class, last(d.pollToEnd(job)));
    assertEquals(1, h.simulator().submitCount(), "never resubmitted");
  }

  @Test
  void aRunThatFailedInsideFalEndsTheJobFailed() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);
    PlannedCall call = onlyCall(p.plan(request().prompt("a red fox [fail]").build(), FLUX_DEV));

    JobStatus end = last(d.pollToEnd(d.start(call)));

    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, end);
    // A runner error ends this job; a new submission may well succeed.
    assertEquals(FailureClass.RETRYABLE, failed.error().failureClass());
    assertTrue(failed.error().getMessage().contains("500"), failed.error().getMessage());
    assertEquals(1, h.simulator().submitCount());
  }

  @Test
  void anyResultErrorOfARunWhoseCompletedStatusCarriedAnErrorEndsTheJob() {
    VendorJob job = immediateJob("a red fox [fail]");
    // Even an ingress error (no x-fal-request-id): the status already said the run failed.
    h.simulator()
        .faults()
        .on(FalSimulator.RESULT)
        .inject(Fault.respond(FalErrors.infrastructure("runner_scheduling_failure")));

    JobStatus end = driver.poll(job);

    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, end);
    assertTrue(failed.error().getMessage().contains("503"), failed.error().getMessage());
    assertEquals(1, h.simulator().requests().count(FalSimulator.RESULT), "not fetched again");
  }

  @Test
  void aResultWithoutOutputFailsWithTheErrorTheCompletedStatusCarried() {
    VendorJob job = immediateJob("a red fox [reject]");
    h.simulator()
        .faults()
        .on(FalSimulator.RESULT)
        .inject(Fault.respond(SimResponse.json(200, Map.of())));

    JobStatus end = last(driver.pollToEnd(job));

    // The status's error_type (content_policy_violation) decides the class.
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, end);
    assertEquals(FailureClass.CONTENT_REJECTED, failed.error().failureClass());
  }

  @Test
  void aSingleImageOutputIsReadWithItsSeed() throws Exception {
    VendorJob job = immediateJob("a red fox");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", png);
    String dataUri =
        "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    Map<String, Object> output =
        Map.of("image", Map.of("url", dataUri, "width", 8, "height", 6), "seed", 5);
    h.simulator()
        .faults()
        .on(FalSimulator.RESULT)
        .inject(Fault.respond(SimResponse.json(200, output)));

    JobStatus end = last(driver.pollToEnd(job));

    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, end);
    assertEquals(1, done.images().size());
    assertEquals(5L, done.images().get(0).seed(), "the seed fal reports wins");
    assertEquals(8, done.images().get(0).width());
    assertEquals(6, done.images().get(0).height());
  }

  @Test
  void cancellingAJobThatAlreadyCompletedSucceeds() {
    VendorJob job = immediateJob("a red fox");
    assertInstanceOf(JobStatus.Succeeded.class, last(driver.pollToEnd(job)));

    // fal answers 400 ALREADY_COMPLETED: nothing is left to stop, which is not a failure.
    driver.cancel(job);

    assertEquals("PUT", h.simulator().requests().last(FalSimulator.CANCEL).orElseThrow().method());
    assertEquals(
        List.of(), h.simulator().cancelledRequestIds(), "the sim refused: already completed");
  }

  @Test
  void validationDetailsAreReadIntoTheMessage() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    h.simulator().faults().on(FalSimulator.SUBMIT).inject(h.errorResponse(422));

    GenerationException e =
        ProviderDriver.failure(p.start(onlyCall(p.plan(request().build(), FLUX_DEV))), "start");

    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(
        e.getMessage().contains("body.num_images: Input should be less than or equal to 4"),
        e.getMessage());
  }

  // ------------------------------------------------------------------------------ sync mode

  @Test
  void syncModeReturnsDataUrisDecodedIntoImages() {
    h = FalHarness.sync("flux-2");
    ImageProvider p = h.provider();
    PlannedCall call =
        onlyCall(
            p.plan(
                request().count(2).size(Size.exact(1024, 768)).format(ImageFormat.PNG).build(),
                "flux-2"));

    VendorJob job = new ProviderDriver(p).start(call);

    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    assertEquals(2, done.images().size());
    for (GeneratedImage img : done.images()) {
      byte[] bytes = img.source().readAllBytes();
      assertEquals("image/png", img.mediaType());
      assertEquals(new PixelSize(1024, 768), ImageProbe.size(bytes));
      assertEquals(42L, img.seed());
    }
    RecordedRequest run = h.simulator().requests().last(FalSimulator.RUN).orElseThrow();
    assertTrue(run.bodyJson().path("sync_mode").asBoolean(), "sync_mode is set");
    assertEquals("/fal-ai/flux-2", run.path());
    assertEquals(0, h.simulator().requests().count(FalSimulator.FILE), "nothing was downloaded");
    assertEquals(0, h.simulator().submitCount(), "the queue is not used");
  }

  @Test
  void nsfwConceptsFlagTheImages() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    ProviderDriver d = new ProviderDriver(p);

    List<GeneratedImage> flagged =
        d.succeed(onlyCall(p.plan(request().prompt("fox [nsfw]").count(2).build(), FLUX_DEV)))
            .images();
    List<GeneratedImage> unchecked =
        d.succeed(
                onlyCall(
                    p.plan(
                        request().prompt("fox [nsfw]").safety(SafetyLevel.OFF).build(), FLUX_DEV)))
            .images();

    assertEquals(2, flagged.size());
    flagged.forEach(img -> assertTrue(img.flagged(), "has_nsfw_concepts true"));
    unchecked.forEach(img -> assertFalse(img.flagged(), "the safety checker was off"));
  }

  // -------------------------------------------------------------------------------- errors

  @Test
  void falsRetryHeadersOverrideTheStatus() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    PlannedCall call = onlyCall(p.plan(request().build(), FLUX_DEV));

    h.simulator()
        .faults()
        .on(FalSimulator.SUBMIT)
        .inject(Fault.status(503).withHeader("X-Fal-Retryable", "false"));
    GenerationException notRetryable = ProviderDriver.failure(p.start(call), "start");
    h.simulator()
        .faults()
        .on(FalSimulator.SUBMIT)
        .inject(Fault.status(504).withHeader("X-Fal-Request-Timeout-Type", "user"));
    GenerationException userTimeout = ProviderDriver.failure(p.start(call), "start");
    h.simulator()
        .faults()
        .on(FalSimulator.SUBMIT)
        .inject(FalFaults.infrastructure("request_timeout"));
    GenerationException gatewayTimeout = ProviderDriver.failure(p.start(call), "start");

    assertEquals(FailureClass.NOT_RETRYABLE, notRetryable.failureClass());
    assertEquals(FailureClass.NOT_RETRYABLE, userTimeout.failureClass());
    assertEquals(FailureClass.RETRYABLE, gatewayTimeout.failureClass(), "a plain 504 is retried");
  }

  @Test
  void malformedJsonFromAnAcceptedSubmitIsAmbiguous() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    h.simulator().faults().on(FalSimulator.SUBMIT).inject(Fault.malformedJson());

    GenerationException e =
        ProviderDriver.failure(p.start(onlyCall(p.plan(request().build(), FLUX_DEV))), "start");

    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertTrue(r.ambiguous(), "the job exists, but its id was lost");
    assertEquals(1, h.simulator().jobsCreated());
  }

  @Test
  void resetInTheMiddleOfTheSubmitResponseIsAmbiguous() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    h.simulator().faults().on(FalSimulator.SUBMIT).inject(Fault.resetDuringResponse());

    GenerationException e =
        ProviderDriver.failure(p.start(onlyCall(p.plan(request().build(), FLUX_DEV))), "start");

    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertTrue(r.ambiguous(), "the status line arrived: fal has the request");
  }

  @Test
  void anErrorStatusWithABodyThatIsNotJsonIsClassifiedByItsStatus() {
    queue(JobTiming.immediate());
    ImageProvider p = h.provider();
    h.simulator()
        .faults()
        .on(FalSimulator.SUBMIT)
        .inject(Fault.status(401).withTextBody("<html>401 Authorization Required</html>"));

    GenerationException e =
        ProviderDriver.failure(p.start(onlyCall(p.plan(request().build(), FLUX_DEV))), "start");

    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass(), e.getMessage());
    assertTrue(e.getMessage().contains("401"), e.getMessage());
  }

  // -------------------------------------------------------------------- configuration, SPI

  @Test
  void invalidConfigurationNamesTheKey() {
    FalProviderFactory f = new FalProviderFactory();
    Map<String, String> bad =
        Map.of("mode", "batch", "base-url", "not a url", "queue-url", "ftp://queue.fal.run");
    bad.forEach(
        (key, value) -> {
          InvalidRequestException e =
              assertThrows(
                  InvalidRequestException.class,
                  () -> f.create(new ProviderConfig(Map.of(key, value)), TestContexts.offline()));
          assertEquals(key, e.field(), e.getMessage());
          assertTrue(e.getMessage().contains(value), e.getMessage());
        });
  }

  @Test
  void serviceLoaderFindsFal() {
    LoadedProviders loaded = ProviderLoader.load();

    ProviderFactory fal = loaded.get("fal");
    assertInstanceOf(FalProviderFactory.class, fal, "found through META-INF/services");
    assertEquals(List.of(), loaded.problems());
    assertEquals(Spi.SPI_VERSION, fal.requiredSpiVersion());
    assertEquals("fal", fal.create(ProviderConfig.empty(), TestContexts.offline()).name());
  }

  @Test
  void describeReadsTheCatalogOrTheGenericDialect() {
    ImageProvider p =
        new FalProviderFactory().create(ProviderConfig.empty(), TestContexts.offline());
    ModelCatalog catalog =
        ModelCatalog.fromResource(FalProviderFactory.class, FalProviderFactory.CATALOG);

    ModelCapabilities flux2 = p.describe("flux-2");
    ModelCapabilities generic = catalog.require(CatalogLookup.GENERIC).capabilities();

    assertEquals(catalog.require("flux-2").capabilities(), flux2);
    assertEquals(4, flux2.maxImagesPerCall());
    assertFalse(flux2.negativePrompt(), "flux-2 takes no negative prompt");
    assertEquals(flux2, p.describe("fal-ai/flux-2"), "a catalog model is found by its endpoint");
    assertEquals(generic, p.describe(FLUX_DEV), "an endpoint id not in the catalog");
    assertEquals(generic, p.describe("someone/some-app/v2/turbo"));
    assertTrue(generic.negativePrompt());
  }

  @Test
  void unknownModelNameIsRejectedNamingTheModelField() {
    ImageProvider p =
        new FalProviderFactory().create(ProviderConfig.empty(), TestContexts.offline());

    InvalidRequestException described =
        assertThrows(InvalidRequestException.class, () -> p.describe("not-a-model"));
    InvalidRequestException planned =
        assertThrows(InvalidRequestException.class, () -> p.plan(request().build(), "not-a-model"));

    assertEquals("model", described.field());
    assertEquals("model", planned.field());
    assertTrue(planned.getMessage().contains("not-a-model"), planned.getMessage());
    assertTrue(planned.getMessage().contains("flux-2"), "lists the catalog models");
  }

  @Test
  void catalogModelIsSentToItsEndpoint() {
    queue(JobTiming.polls(1, 1));
    ImageProvider p = h.provider();
    PlannedCall call = onlyCall(p.plan(request().build(), "flux-2"));
    assertEquals(URI.create(h.simulator().queueBaseUri() + "/fal-ai/flux-2"), call.call().uri());

    VendorJob job = new ProviderDriver(p).start(call);
    JobStatus end = last(new ProviderDriver(p).pollToEnd(job));

    assertInstanceOf(JobStatus.Succeeded.class, end);
    assertEquals("fal-ai/flux-2", job.target().model());
    assertEquals(
        "/fal-ai/flux-2", h.simulator().requests().last(FalSimulator.SUBMIT).orElseThrow().path());
    assertTrue(
        h.simulator()
            .requests()
            .last(FalSimulator.STATUS)
            .orElseThrow()
            .path()
            .startsWith("/fal-ai/flux-2/requests/"));
    JsonNode input = h.simulator().jobs().get(0).input();
    assertEquals(42, input.path("seed").asInt());
  }

  @Test
  void aBaseUrlWithAPathPrefixIsNotPartOfTheEndpointId() {
    queue(JobTiming.immediate());
    URI prefixed = URI.create(h.simulator().queueBaseUri() + "/gateway/fal");
    // A gateway that forwards /gateway/fal/** to fal: played by stripping the prefix.
    HttpTransport gateway =
        r -> {
          String path = r.uri().getRawPath();
          URI to =
              path.startsWith("/gateway/fal/")
                  ? URI.create(
                      h.simulator().queueBaseUri()
                          + path.substring("/gateway/fal".length())
                          + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery()))
                  : r.uri();
          return h.transport()
              .send(new HttpRequest(r.method(), to, r.headers(), r.body(), r.timeout()));
        };
    Map<String, String> config = new LinkedHashMap<>(h.config().values());
    config.put("queue-url", prefixed.toString());
    ImageProvider p =
        new FalProviderFactory()
            .create(new ProviderConfig(config), TestContexts.context(gateway, h.credentials()));

    VendorJob job = new ProviderDriver(p).start(onlyCall(p.plan(request().build(), FLUX_DEV)));

    assertEquals(FLUX_DEV, job.target().model());
    assertInstanceOf(JobStatus.Succeeded.class, last(new ProviderDriver(p).pollToEnd(job)));
  }

  @Test
  void aSyncJobCannotBeCancelled() {
    h = FalHarness.sync(FLUX_DEV);
    ImageProvider p = h.provider();
    VendorJob job = new ProviderDriver(p).start(onlyCall(p.plan(request().build(), FLUX_DEV)));
    int before = h.simulator().requests().size();

    GenerationException e = ProviderDriver.failure(p.cancel(job), "cancel");

    assertEquals(FailureClass.UNSUPPORTED, e.failureClass());
    assertEquals(before, h.simulator().requests().size(), "nothing was sent");
  }

  // ---------------------------------------------------------------------------- helpers

  private static Fault receipt(Map<String, ?> body) {
    Map<String, Object> b = new LinkedHashMap<>(body);
    b.put("status", "IN_QUEUE");
    return Fault.respond(SimResponse.json(200, Json.mapper().valueToTree(b)));
  }

  private static JobStatus last(List<JobStatus> seen) {
    return seen.get(seen.size() - 1);
  }
}
