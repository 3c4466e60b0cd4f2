package io.genport.provider.replicate;

import static io.genport.provider.replicate.TestSupport.await;
import static io.genport.provider.replicate.TestSupport.failure;
import static io.genport.provider.replicate.TestSupport.pollToEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.replicate.ModelRules;
import io.genport.simulators.replicate.ReplicateErrors;
import io.genport.simulators.replicate.ReplicateSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpRequest;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicateProviderTest {
  static final String TOKEN = "r8_provider0test0token";
  static final String VERSION = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

  private ReplicateSimulator sim;
  private HttpClient5Transport http;
  private TestSupport.Recording recording;

  @BeforeEach
  void start() {
    sim =
        ReplicateSimulator.builder()
            .apiToken(TOKEN)
            .model("luma/photon", ModelRules.flux().toBuilder().singleOutput().build())
            .model("acme/one-at-a-time", ModelRules.flux().toBuilder().maxOutputs(1).build())
            .start();
    http = new HttpClient5Transport();
    recording = new TestSupport.Recording(http);
  }

  @AfterEach
  void stop() {
    sim.close();
    http.close();
  }

  private Map<String, String> config(String... extra) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", sim.baseUri().toString());
    c.put("download-allow", sim.filesBaseUri().getHost());
    for (int i = 0; i + 1 < extra.length; i += 2) {
      c.put(extra[i], extra[i + 1]);
    }
    return c;
  }

  private ImageProvider provider(String... extra) {
    return provider(config(extra), Map.of(ReplicateProviderFactory.CREDENTIAL, TOKEN));
  }

  private ImageProvider provider(Map<String, String> config, Map<String, String> credentials) {
    return new ReplicateProviderFactory()
        .create(new ProviderConfig(config), TestSupport.context(recording, credentials));
  }

  private static GenerationRequest request(String prompt) {
    return GenerationRequest.builder(prompt).seed(42L).build();
  }

  private static PlannedCall only(CallPlan plan) {
    assertEquals(1, plan.calls().size());
    return plan.calls().get(0);
  }

  private List<RecordedRequest> statusReads() {
    return sim.requests().matching(ReplicateSimulator.GET);
  }

  // ---------------------------------------------------------------- endpoints and protocol

  @Test
  void anOfficialModelIsCreatedOnItsModelEndpointThenPolled() {
    ImageProvider p = provider();
    PlannedCall call =
        only(
            p.plan(
                GenerationRequest.builder("a red fox")
                    .seed(42L)
                    .count(2)
                    .size(Size.aspect(1, 1))
                    .format(ImageFormat.PNG)
                    .build(),
                "flux-schnell"));
    assertEquals(
        sim.baseUri() + "/v1/models/black-forest-labs/flux-schnell/predictions",
        call.call().uri().toString());
    assertEquals("wait=60", call.call().headers().get("Prefer"));
    assertEquals("Authorization", call.call().credentialHeader());
    assertFalse(call.call().headers().containsKey("Authorization"), "no secret in a plan");
    JsonNode planned = Json.parse(call.call().body());
    assertFalse(planned.has("version"));
    assertEquals("a red fox", planned.at("/input/prompt").asText());
    assertEquals(2, planned.at("/input/num_outputs").asInt());

    VendorJob job = await(p.start(call));
    assertNull(job.finished(), "poll timing: the wait cannot finish it");
    assertEquals("black-forest-labs/flux-schnell", job.target().model());
    List<JobStatus> seen = pollToEnd(p, job);
    assertInstanceOf(JobStatus.Queued.class, seen.get(0));
    assertInstanceOf(JobStatus.Running.class, seen.get(1));
    JobStatus.Succeeded done = (JobStatus.Succeeded) seen.get(seen.size() - 1);
    assertEquals(2, done.images().size());
    for (GeneratedImage img : done.images()) {
      assertEquals("image/png", img.mediaType());
      assertEquals(1024, img.width());
      assertEquals(1024, img.height());
      assertEquals(42L, img.seed());
      assertFalse(img.flagged());
    }
    assertEquals(1, sim.createCount());
    assertEquals(3, statusReads().size(), "starting, processing, succeeded: three reads");
    RecordedRequest create = sim.requests().matching(ReplicateSimulator.CREATE_MODEL).get(0);
    assertEquals("Bearer " + TOKEN, create.header("Authorization").orElse(""));
    assertEquals("wait=60", create.header("Prefer").orElse(""));
  }

  @Test
  void aVersionTargetIsCreatedOnThePredictionsEndpointWithTheVersion() {
    ImageProvider p = provider();
    PlannedCall call = only(p.plan(request("p"), "acme/flux-tune:" + VERSION));
    assertEquals(sim.baseUri() + "/v1/predictions", call.call().uri().toString());
    JsonNode body = Json.parse(call.call().body());
    assertEquals(VERSION, body.get("version").asText());
    assertEquals("p", body.at("/input/prompt").asText());

    VendorJob job = await(p.start(call));
    assertEquals("simulated/model-5599ed30:" + VERSION, job.target().model());
    assertInstanceOf(JobStatus.Succeeded.class, last(pollToEnd(p, job)));
    RecordedRequest create = sim.requests().matching(ReplicateSimulator.CREATE_VERSION).get(0);
    assertEquals(VERSION, create.bodyJson().get("version").asText());
    assertEquals(VERSION, sim.predictions().get(0).version());
  }

  @Test
  void unknownModelsUseTheGenericEntryAndAliasesPickACatalogEntry() {
    ImageProvider p =
        provider("model-spec.acme/flux-tune", ReplicateCatalogTest.SEED_001_ENTRY, "wait", "0");
    GenerationRequest withLora =
        GenerationRequest.builder("p").extension("replicate", "lora_scale", 0.7).build();
    JsonNode aliased =
        Json.parse(only(p.plan(withLora, "acme/flux-tune:" + VERSION)).call().body());
    assertEquals(0.7, aliased.at("/input/lora_scale").asDouble());
    assertEquals(
        p.describe("flux-lora-finetune"), p.describe("acme/flux-tune"), "the alias's spec");
    assertEquals(
        ReplicateCatalogTest.spec("generic").capabilities(), p.describe("someone/something"));
    assertThrows(InvalidRequestException.class, () -> p.describe("generic"), "not a target");
    assertEquals(ReplicateCatalogTest.CATALOG.models().size() - 1, p.models().size());
    assertFalse(p.models().contains("generic"));
    p.models().forEach(p::describe);
    assertThrows(InvalidRequestException.class, () -> p.plan(withLora, "someone/something"));
    InvalidRequestException bad =
        assertThrows(InvalidRequestException.class, () -> p.describe("not a model"));
    assertTrue(bad.getMessage().contains("flux-schnell"), bad.getMessage());
    assertFalse(
        only(p.plan(request("p"), "flux-dev")).call().headers().containsKey("Prefer"),
        "wait=0 sends no Prefer header");
  }

  @Test
  void preferWaitFinishesAFastPredictionInOneRequest() {
    sim.jobTiming(JobTiming.immediate());
    ImageProvider p = provider("wait", "30");
    VendorJob job = await(p.start(only(p.plan(request("p"), "flux-dev"))));
    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    assertEquals(1, done.images().size());
    assertEquals("image/webp", done.images().get(0).mediaType(), "webp is served as WebP");
    assertNotNull(job.attribute("predict_time"));
    assertEquals(done, await(p.poll(job)), "a finished job polls without a request");
    assertEquals(1, sim.requests().size(), "one request, the outputs came inline");
    assertEquals(
        "wait=30", sim.requests().all().get(0).header("Prefer").orElse(""), "the configured wait");
  }

  @Test
  void logsAndPredictTimeArriveAsProgressAndOutputIsNullWhileProcessing() {
    ImageProvider p = provider();
    VendorJob job = await(p.start(only(p.plan(request("p"), "flux-dev"))));
    assertInstanceOf(JobStatus.Queued.class, await(p.poll(job)));
    JobStatus.Running running = (JobStatus.Running) await(p.poll(job));
    assertTrue(running.logs().contains("Using seed: 42"), running.logs().toString());
    assertEquals(0, sim.requests().count(ReplicateSimulator.FILE), "nothing to download yet");
    assertEquals(Duration.ofSeconds(1), p.pollInterval(job));

    JobStatus.Running last = (JobStatus.Running) await(p.poll(job));
    assertFalse(last.logs().contains("Using seed: 42"), "no line twice");
    assertTrue(last.logs().get(last.logs().size() - 1).startsWith("predict_time: "));
    assertEquals(Duration.ZERO, p.pollInterval(job), "the end is due at once");
    int reads = statusReads().size();
    assertInstanceOf(JobStatus.Succeeded.class, await(p.poll(job)));
    assertEquals(reads, statusReads().size(), "the end needs no further request");
  }

  @Test
  void cancelReachesTheSimulator() {
    ImageProvider p = provider();
    VendorJob job = await(p.start(only(p.plan(request("p"), "flux-dev"))));
    await(p.cancel(job));
    assertEquals(List.of(job.id()), sim.cancelledIds());
    assertInstanceOf(JobStatus.Cancelled.class, await(p.poll(job)));
    await(p.cancel(job));
  }

  @Test
  void outputsMayBeOneStringOrDataUris() {
    ImageProvider p = provider();
    JobStatus end = last(pollToEnd(p, await(p.start(only(p.plan(request("p"), "photon"))))));
    assertEquals(1, ((JobStatus.Succeeded) end).images().size());
    try (ReplicateSimulator inline =
        ReplicateSimulator.builder().apiToken(TOKEN).dataUriOutputs(true).start()) {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("base-url", inline.baseUri().toString());
      ImageProvider q = provider(c, Map.of(ReplicateProviderFactory.CREDENTIAL, TOKEN));
      JobStatus.Succeeded s =
          (JobStatus.Succeeded)
              last(pollToEnd(q, await(q.start(only(q.plan(request("p"), "flux-dev"))))));
      assertEquals(1024, s.images().get(0).width());
      assertEquals(0, inline.requests().count(ReplicateSimulator.FILE));
    }
  }

  @Test
  void theSeedComesFromTheLogsWhenTheModelTakesNone() {
    ImageProvider p = provider();
    JobStatus.Succeeded s =
        (JobStatus.Succeeded)
            last(pollToEnd(p, await(p.start(only(p.plan(request("p"), "imagen-4-fast"))))));
    long logged = sim.predictions().get(0).generation().seed();
    assertEquals(logged, s.images().get(0).seed());
  }

  // ---------------------------------------------------------------- failures

  @Test
  void invalidInputIsNotRetryable() {
    ImageProvider p = provider();
    GenerationException e =
        failure(
            p.start(
                only(
                    p.plan(
                        GenerationRequest.builder("p").count(2).build(), "acme/one-at-a-time"))));
    NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
    assertEquals(422, n.httpStatus());
    assertTrue(e.getMessage().contains("input.num_outputs"), e.getMessage());
  }

  @Test
  void authenticationAndMissingThingsAreNotRetryable() {
    ImageProvider wrong =
        provider(config(), Map.of(ReplicateProviderFactory.CREDENTIAL, "r8_wrong_token_value"));
    GenerationException e = failure(wrong.start(only(wrong.plan(request("p"), "flux-dev"))));
    assertEquals(401, ((NonRetryableProviderException) e).httpStatus());
    assertFalse(e.getMessage().contains("r8_wrong_token_value"));
    assertTrue(e.getMessage().contains("credential"), e.getMessage());

    ImageProvider p = provider();
    for (int status : List.of(402, 403, 404)) {
      sim.faults()
          .on(ReplicateSimulator.CREATE_MODEL)
          .inject(Fault.respond(ReplicateErrors.problem(status, "Nope", "simulated " + status)));
      GenerationException f = failure(p.start(only(p.plan(request("p"), "flux-dev"))));
      assertEquals(status, ((NonRetryableProviderException) f).httpStatus());
      assertTrue(f.getMessage().contains("simulated " + status), f.getMessage());
    }
    VendorJob job = await(p.start(only(p.plan(request("p"), "flux-dev"))));
    sim.faults().on(ReplicateSimulator.GET).inject(Fault.respond(ReplicateErrors.notFound()));
    assertInstanceOf(NonRetryableProviderException.class, failure(p.poll(job)));
  }

  @Test
  void throttlingAndServerErrorsAreRetryable() {
    ImageProvider p = provider();
    sim.faults()
        .on(ReplicateSimulator.CREATE_MODEL)
        .inject(Fault.respond(ReplicateErrors.throttled(7)));
    RetryableProviderException r =
        assertInstanceOf(
            RetryableProviderException.class,
            failure(p.start(only(p.plan(request("p"), "flux-dev")))));
    assertEquals(Duration.ofSeconds(7), r.retryAfter());
    assertFalse(r.ambiguous());

    sim.faults()
        .on(ReplicateSimulator.CREATE_MODEL)
        .inject(Fault.respond(ReplicateErrors.throttled(-1)));
    RetryableProviderException noHeader =
        (RetryableProviderException) failure(p.start(only(p.plan(request("p"), "flux-dev"))));
    assertNull(noHeader.retryAfter());

    for (int status : List.of(500, 502, 503)) {
      sim.faults()
          .on(ReplicateSimulator.CREATE_MODEL)
          .inject(Fault.status(status).withTextBody("<html>gateway</html>"));
      assertInstanceOf(
          RetryableProviderException.class,
          failure(p.start(only(p.plan(request("p"), "flux-dev")))));
    }
    VendorJob job = await(p.start(only(p.plan(request("p"), "flux-dev"))));
    sim.faults().on(ReplicateSimulator.GET).inject(Fault.status(503));
    assertInstanceOf(RetryableProviderException.class, failure(p.poll(job)));
    assertInstanceOf(JobStatus.Queued.class, await(p.poll(job)), "the same job, polled again");
    assertEquals(0, sim.predictions().stream().filter(x -> x.cancelled()).count());
  }

  // ---------------------------------------------------------------- ambiguous creates

  @Test
  void aResetCreateIsFoundAmongTheRecentPredictionsByItsInputAndNotSentAgain() {
    ImageProvider p = provider();
    // Other predictions, of another input and another model, are not taken for it.
    await(p.start(only(p.plan(request("another fox"), "flux-dev"))));
    await(p.start(only(p.plan(request("a red fox"), "flux-schnell"))));
    PlannedCall call = only(p.plan(request("a red fox"), "flux-dev"));
    sim.faults().on(ReplicateSimulator.CREATE_MODEL).inject(Fault.resetAfterBody());

    VendorJob job = await(p.start(call));

    List<String> ids = sim.predictions().stream().map(x -> x.id()).toList();
    assertEquals(3, ids.size(), "no second create");
    assertEquals(ids.get(2), job.id(), "the prediction the reset create made");
    assertEquals(1, sim.requests().matching(ReplicateSimulator.LIST).size());
    List<JobStatus> seen = pollToEnd(p, job);
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
  }

  @Test
  void aResetCreateStaysAmbiguousWhenTwoRecentPredictionsHaveItsInputOrTheSearchFails() {
    ImageProvider p = provider();
    PlannedCall call = only(p.plan(request("a red fox"), "flux-dev"));
    await(p.start(call));
    sim.faults().on(ReplicateSimulator.CREATE_MODEL).inject(Fault.resetAfterBody());

    RetryableProviderException twice =
        assertInstanceOf(RetryableProviderException.class, failure(p.start(call)));
    assertTrue(twice.ambiguous());
    assertTrue(twice.getMessage().contains("2 recent jobs have its input"), twice.getMessage());

    sim.faults().on(ReplicateSimulator.CREATE_MODEL).inject(Fault.resetAfterBody());
    sim.faults().on(ReplicateSimulator.LIST).inject(Fault.status(503));
    RetryableProviderException failed =
        assertInstanceOf(RetryableProviderException.class, failure(p.start(call)));
    assertTrue(failed.ambiguous());
    assertTrue(failed.getMessage().contains("search"), failed.getMessage());
    assertEquals(3, sim.predictionsCreated(), "each create was sent once");
  }

  @Test
  void aRefusedCreateIsNotSearchedFor() {
    ImageProvider p = provider();
    sim.faults().on(ReplicateSimulator.CREATE_MODEL).inject(Fault.status(503));

    assertInstanceOf(
        RetryableProviderException.class,
        failure(p.start(only(p.plan(request("a red fox"), "flux-dev")))));
    assertEquals(0, sim.requests().matching(ReplicateSimulator.LIST).size());
  }

  @Test
  void failedPredictionsAreClassifiedByTheirError() {
    ImageProvider p = provider();
    assertInstanceOf(ContentRejectedException.class, endError(p, "a [nsfw] scene", "flux-dev"));
    assertInstanceOf(ContentRejectedException.class, endError(p, "a [reject] scene", "flux-dev"));
    GenerationException model = endError(p, "a [fail] scene", "flux-dev");
    assertInstanceOf(NonRetryableProviderException.class, model);
    assertTrue(model.getMessage().contains("CUDA out of memory"), model.getMessage());
    assertInstanceOf(
        RetryableProviderException.class, endError(p, "a [timeout] scene", "flux-dev"));

    GenerationRequest unchecked =
        GenerationRequest.builder("a [nsfw] scene").safety(SafetyLevel.OFF).build();
    assertInstanceOf(
        JobStatus.Succeeded.class,
        last(pollToEnd(p, await(p.start(only(p.plan(unchecked, "flux-dev")))))));
  }

  private GenerationException endError(ImageProvider p, String prompt, String model) {
    JobStatus end = last(pollToEnd(p, await(p.start(only(p.plan(request(prompt), model))))));
    return assertInstanceOf(JobStatus.Failed.class, end, prompt).error();
  }

  @Test
  void aMissingCredentialFailsBeforeAnythingIsSent() {
    ImageProvider p = provider(config(), Map.of());
    GenerationException e = failure(p.start(only(p.plan(request("p"), "flux-dev"))));
    assertInstanceOf(NonRetryableProviderException.class, e);
    assertTrue(e.getMessage().contains(ReplicateProviderFactory.CREDENTIAL));
    assertEquals(0, sim.requests().size());
  }

  // ---------------------------------------------------------------- credential hygiene

  @Test
  void theTokenGoesOnlyToTheConfiguredHost() {
    ImageProvider p = provider();
    for (String model : List.of("flux-dev", "photon")) {
      pollToEnd(p, await(p.start(only(p.plan(request("p"), model)))));
    }
    assertTrue(sim.requests().count(ReplicateSimulator.FILE) >= 2);
    for (RecordedRequest r : sim.requests().all()) {
      boolean api = r.host().equals(ReplicateSimulator.API_HOST);
      assertEquals(api, r.header("Authorization").isPresent(), r.toString());
    }
    for (HttpRequest r : recording.sent) {
      if (r.headers().containsKey("Authorization")) {
        assertEquals(sim.baseUri().getAuthority(), r.uri().getAuthority(), r.toString());
      }
      assertFalse(r.toString().contains(TOKEN), "toString redacts");
    }
  }

  @Test
  void statusUrlsOnAnotherHostAreNotFollowed() {
    // The simulator names itself 127.0.0.1; the provider is configured with localhost, so every
    // urls.get / urls.cancel points at a host that is not the configured one.
    Map<String, String> c = config();
    c.put("base-url", "http://localhost:" + sim.baseUri().getPort());
    ImageProvider p = provider(c, Map.of(ReplicateProviderFactory.CREDENTIAL, TOKEN));
    VendorJob job = await(p.start(only(p.plan(request("p"), "flux-dev"))));
    assertTrue(
        job.attribute("get_url").startsWith("http://localhost:"), job.attributes().toString());
    pollToEnd(p, job);
    await(p.cancel(job));
    Set<String> hosts =
        sim.requests().all().stream()
            .filter(r -> r.host().equals(ReplicateSimulator.API_HOST))
            .map(r -> r.header("Host").orElse("?").replaceFirst(":\\d+$", ""))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of("localhost"), hosts);
  }

  // ---------------------------------------------------------------- factory

  @Test
  void theFactoriesAreDiscoveredAndCheckTheirConfiguration() {
    Set<String> names = new TreeSet<>();
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      names.add(f.name());
    }
    assertTrue(names.containsAll(Set.of("replicate", "cog")), names.toString());
    ReplicateProviderFactory f = new ReplicateProviderFactory();
    assertEquals(
        "wait", assertThrows(InvalidRequestException.class, () -> provider("wait", "61")).field());
    InvalidRequestException alias =
        assertThrows(InvalidRequestException.class, () -> provider("model-spec.a/b", "nope"));
    assertEquals("model-spec.a/b", alias.field());
    ImageProvider v1 =
        f.create(
            new ProviderConfig(Map.of("base-url", "https://api.replicate.com/v1/")),
            TestSupport.context(TestSupport.offline(), Map.of()));
    assertEquals(
        "https://api.replicate.com/v1/models/black-forest-labs/flux-dev/predictions",
        only(v1.plan(request("p"), "flux-dev")).call().uri().toString());
  }

  private static JobStatus last(List<JobStatus> seen) {
    return seen.get(seen.size() - 1);
  }
}
