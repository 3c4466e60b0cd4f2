package io.genport.provider.oxen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ReferenceImage;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.Size;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.oxen.OxenErrors;
import io.genport.simulators.oxen.OxenFaults;
import io.genport.simulators.oxen.OxenJob;
import io.genport.simulators.oxen.OxenSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Oxen provider against the Oxen simulator, over the real HttpClient 5 transport. */
class OxenProviderTest {
  private static final String KEY = "test-oxen-key-0123456789";
  private static HttpClient5Transport transport;

  private OxenSimulator sim;
  private final List<String> messages = new ArrayList<>();

  @BeforeAll
  static void startTransport() {
    transport = new HttpClient5Transport();
  }

  @AfterAll
  static void stopTransport() {
    transport.close();
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
    for (String m : messages) {
      assertFalse(m.contains(KEY), "a message reveals the key: " + m);
    }
  }

  private OxenSimulator start(OxenSimulator.Builder b) {
    sim = b.apiKey(KEY).start();
    return sim;
  }

  private OxenSimulator start() {
    return start(OxenSimulator.builder());
  }

  private ImageProvider provider(String... config) {
    return provider(Credentials.fromMap(Map.of("OXEN_API_KEY", KEY)), config);
  }

  private ImageProvider provider(Credentials credentials, String... config) {
    Map<String, String> values = new HashMap<>();
    values.put("base-url", sim.apiBaseUri().toString());
    values.put("download-allow", "127.0.0.1");
    for (int i = 0; i < config.length; i += 2) {
      values.put(config[i], config[i + 1]);
    }
    ProviderContext context =
        ProviderContext.of(
            transport, Clock.systemUTC(), d -> {}, credentials, new ObjectMapper(), new Random(3));
    return new OxenProviderFactory().create(new ProviderConfig(values), context);
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c =
          e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  private <X extends GenerationException> X fails(Class<X> type, CompletableFuture<?> f) {
    Exception e = assertThrows(Exception.class, () -> await(f));
    X x = assertInstanceOf(type, e, () -> "got " + e);
    messages.add(x.getMessage());
    return x;
  }

  /** Polls until the job ends; returns every status seen. */
  private static List<JobStatus> pollToEnd(ImageProvider p, VendorJob job) throws Exception {
    List<JobStatus> seen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JobStatus s = await(p.poll(job));
      seen.add(s);
      if (s.terminal()) {
        return seen;
      }
    }
    throw new AssertionError("not finished: " + seen);
  }

  private static GenerationRequest.Builder fox() {
    return GenerationRequest.builder("a red fox in the snow, 35mm photo");
  }

  // ---------------------------------------------------------------- queue

  @Test
  void queueModeRunsEndToEndWithImagesOfThePlannedSize() throws Exception {
    start();
    ImageProvider p = provider();
    CallPlan plan =
        p.plan(
            fox().size(Size.aspect(16, 9)).seed(42L).format(ImageFormat.PNG).build(), "flux-2-pro");
    assertEquals(new Target("oxen", "flux-2-pro"), plan.target());
    PlannedCall call = plan.calls().get(0);
    assertEquals(URI.create(sim.apiBaseUri() + "/queue"), call.call().uri());
    assertEquals("POST", call.call().method());
    assertEquals("Authorization", call.call().credentialHeader());
    assertFalse(call.call().toString().contains(KEY));
    JsonNode body = new ObjectMapper().readTree(call.call().body());
    assertEquals("flux-2-pro", body.get("model").asText());
    assertEquals("16:9", body.get("aspect_ratio").asText());
    assertEquals("1 MP", body.get("resolution").asText());
    assertEquals(42, body.get("seed").asLong());
    assertEquals("png", body.get("output_format").asText());
    assertFalse(body.get("disable_safety_checker").asBoolean());
    assertFalse(body.has("response_format"), "sync only");
    assertEquals(new PixelSize(1360, 768), call.expectedSize());

    VendorJob job = await(p.start(call));
    assertEquals(sim.jobs().get(0).generationId(), job.id());
    assertEquals("flux-2-pro", job.target().model());
    assertNull(job.finished());

    List<JobStatus> seen = pollToEnd(p, job);
    assertEquals(3, seen.size(), seen.toString());
    assertInstanceOf(JobStatus.Queued.class, seen.get(0));
    assertInstanceOf(JobStatus.Running.class, seen.get(1));
    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, seen.get(2));
    GeneratedImage img = done.images().get(0);
    assertEquals(call.expectedSize(), img.size());
    assertEquals("image/png", img.mediaType());
    assertEquals(42L, img.seed());
    assertFalse(img.flagged());
    assertTrue(img.source().readAllBytes().length > 100);

    // The key went to every API call and to nothing else.
    for (RecordedRequest r : sim.requests().all()) {
      if (r.route().equals("oxen.file")) {
        assertTrue(r.header("Authorization").isEmpty(), "downloads carry no credential");
      } else {
        assertEquals("Bearer " + KEY, r.header("Authorization").orElseThrow(), r.toString());
      }
    }
    assertEquals(1, sim.requests().count(OxenSimulator.FILE));
  }

  @Test
  void aJobCanBePolledFromItsIdAndAttributesAlone() throws Exception {
    start();
    ImageProvider p = provider();
    PlannedCall call = p.plan(fox().seed(7L).build(), "flux-2-pro").calls().get(0);
    VendorJob started = await(p.start(call));
    VendorJob resumed = new VendorJob(started.target(), started.id(), started.attributes());
    List<JobStatus> seen = pollToEnd(provider(), resumed);
    JobStatus.Succeeded s = assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(7L, s.images().get(0).seed());
    assertEquals(new PixelSize(1360, 768), s.images().get(0).size(), "the model's default size");
  }

  @Test
  void countsAreSplitIntoOneGenerationEachWithDerivedSeeds() throws Exception {
    start();
    ImageProvider p = provider();
    CallPlan plan = p.plan(fox().count(3).seed(100L).build(), "flux-2-pro");
    assertEquals(3, plan.calls().size());
    List<Long> seeds = new ArrayList<>();
    for (PlannedCall c : plan.calls()) {
      VendorJob job = await(p.start(c));
      List<JobStatus> seen = pollToEnd(p, job);
      JobStatus.Succeeded s = (JobStatus.Succeeded) seen.get(seen.size() - 1);
      seeds.add(s.images().get(0).seed());
    }
    assertEquals(3, sim.jobsCreated());
    assertEquals(3, seeds.stream().distinct().count(), seeds.toString());
    for (OxenJob j : sim.jobs()) {
      assertFalse(j.input().has("num_generations"));
    }
  }

  @Test
  void referenceImagesGoAsAnInputImageList() throws Exception {
    start();
    ImageProvider p = provider();
    PlannedCall call =
        p.plan(
                fox()
                    .referenceImage(ReferenceImage.of(URI.create("https://example.com/a.png")))
                    .referenceImage(
                        new ReferenceImage(null, new byte[] {1, 2, 3}, "image/png", null))
                    .build(),
                "flux-2-pro")
            .calls()
            .get(0);
    pollToEnd(p, await(p.start(call)));
    List<String> inputs = sim.jobs().get(0).generation().orElseThrow().inputImages();
    assertEquals("https://example.com/a.png", inputs.get(0));
    assertEquals("data:image/png;base64,AQID", inputs.get(1));
  }

  @Test
  void cancelStopsAQueuedGeneration() throws Exception {
    start();
    ImageProvider p = provider();
    VendorJob job = await(p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    assertInstanceOf(JobStatus.Queued.class, await(p.poll(job)));
    await(p.cancel(job));
    assertEquals(List.of(job.id()), sim.cancelledIds());
    RecordedRequest del = sim.requests().last(OxenSimulator.CANCEL).orElseThrow();
    assertEquals("DELETE", del.method());
    assertEquals("/api/ai/queue/" + job.id(), del.path());
    assertEquals("Bearer " + KEY, del.header("Authorization").orElseThrow());
    assertInstanceOf(JobStatus.Cancelled.class, await(p.poll(job)));
    // Cancelling again, or an unknown generation, has nothing left to stop.
    await(p.cancel(job));
    await(p.cancel(new VendorJob(job.target(), "00000000-0000-4000-8000-000000000000", Map.of())));
  }

  @Test
  void syncCallsCannotBeCancelledAndSendNothing() throws Exception {
    start();
    ImageProvider p = provider("mode", "sync");
    VendorJob job = await(p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    int before = sim.requests().size();
    assertEquals(
        FailureClass.UNSUPPORTED,
        fails(UnsupportedCapabilityException.class, p.cancel(job)).failureClass());
    assertEquals(before, sim.requests().size());
  }

  // ---------------------------------------------------------------- sync

  @Test
  void syncModeRunsEndToEndOnTheModelsEndpoint() throws Exception {
    start();
    ImageProvider p = provider("mode", "sync");
    CallPlan plan =
        p.plan(fox().size(Size.aspect(1, 1, 0.5)).format(ImageFormat.JPEG).build(), "flux-2-pro");
    PlannedCall call = plan.calls().get(0);
    assertEquals(URI.create(sim.apiBaseUri() + "/images/edit"), call.call().uri());
    JsonNode body = new ObjectMapper().readTree(call.call().body());
    assertEquals("url", body.get("response_format").asText());
    assertEquals("0.5 MP", body.get("resolution").asText());
    assertEquals("jpg", body.get("output_format").asText());
    VendorJob job = await(p.start(call));
    JobStatus.Succeeded s = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    assertEquals(new PixelSize(720, 720), s.images().get(0).size());
    assertEquals(call.expectedSize(), s.images().get(0).size());
    assertEquals("image/jpeg", s.images().get(0).mediaType());
    assertEquals(call.part().seed(), s.images().get(0).seed(), "the seed we drew and sent");
    assertEquals(s, await(p.poll(job)), "polling a finished call needs no request");
    assertEquals(1, sim.syncCount());
    assertEquals(0, sim.enqueueCount());
  }

  @Test
  void syncModeReadsBase64AndTheOlderImageUrlKey() throws Exception {
    start(OxenSimulator.builder().legacyImageUrlKey(true));
    ImageProvider b64 = provider("mode", "sync", "response-format", "b64_json");
    PlannedCall call =
        b64.plan(fox().size(Size.aspect(9, 16)).build(), "flux-2-pro").calls().get(0);
    JobStatus.Succeeded s = (JobStatus.Succeeded) await(b64.start(call)).finished();
    assertEquals(new PixelSize(768, 1360), s.images().get(0).size());
    assertEquals(0, sim.requests().count(OxenSimulator.FILE), "no download");

    ImageProvider url = provider("mode", "sync");
    s =
        (JobStatus.Succeeded)
            await(url.start(url.plan(fox().build(), "flux-2-pro").calls().get(0))).finished();
    assertEquals(new PixelSize(1360, 768), s.images().get(0).size());
  }

  @Test
  void otherOxenModelsUseGenerateOrEditByTheirInputs() throws Exception {
    start();
    ImageProvider p = provider("mode", "sync", "target-namespace", "my-org");
    String model = "black-forest-labs-flux-2-klein-4b";
    PlannedCall plain = p.plan(fox().size(Size.aspect(1, 1)).build(), model).calls().get(0);
    assertEquals(URI.create(sim.apiBaseUri() + "/images/generate"), plain.call().uri());
    JsonNode body = new ObjectMapper().readTree(plain.call().body());
    assertEquals(model, body.get("model").asText());
    assertEquals("my-org", body.get("target_namespace").asText());
    JobStatus.Succeeded s = (JobStatus.Succeeded) await(p.start(plain)).finished();
    assertEquals(new PixelSize(1024, 1024), s.images().get(0).size());
    assertEquals(plain.expectedSize(), s.images().get(0).size());
    PlannedCall edit =
        p.plan(
                fox()
                    .referenceImage(ReferenceImage.of(URI.create("https://example.com/a.png")))
                    .build(),
                model)
            .calls()
            .get(0);
    assertEquals(URI.create(sim.apiBaseUri() + "/images/edit"), edit.call().uri());
    assertEquals(
        "https://example.com/a.png",
        new ObjectMapper().readTree(edit.call().body()).get("input_image").asText());
    await(p.start(edit));
    assertEquals(1, sim.requests().count(OxenSimulator.EDIT));
    assertEquals(model, sim.syncRuns().get(1).model());
  }

  // ---------------------------------------------------------------- failures

  @Test
  void insufficientCreditsOnTheQueueIsNotRetryableAndSaysSo() throws Exception {
    start(OxenSimulator.builder().credits(0));
    ImageProvider p = provider();
    VendorJob job = await(p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    List<JobStatus> seen = pollToEnd(p, job);
    JobStatus.Failed f = assertInstanceOf(JobStatus.Failed.class, seen.get(seen.size() - 1));
    NonRetryableProviderException e =
        assertInstanceOf(NonRetryableProviderException.class, f.error());
    assertEquals(FailureClass.NOT_RETRYABLE, e.failureClass());
    assertTrue(e.getMessage().contains("Insufficient credits"), e.getMessage());
    messages.add(e.getMessage());

    sim.credits(null);
    VendorJob word =
        await(
            p.start(p.plan(fox().prompt("fox [nocredits]").build(), "flux-2-pro").calls().get(0)));
    seen = pollToEnd(p, word);
    f = (JobStatus.Failed) seen.get(seen.size() - 1);
    assertInstanceOf(NonRetryableProviderException.class, f.error());
    assertTrue(f.error().getMessage().contains("Insufficient credits"));
  }

  @Test
  void insufficientCreditsOnSyncIsNotRetryableWhateverTheStatus() throws Exception {
    start(OxenSimulator.builder().credits(0));
    ImageProvider p = provider("mode", "sync");
    NonRetryableProviderException e =
        fails(
            NonRetryableProviderException.class,
            p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    assertTrue(e.getMessage().contains("Insufficient credits"), e.getMessage());
    assertEquals(402, e.httpStatus());

    // Even if Oxen sent it as a server error, it is not worth retrying.
    sim.close();
    start(OxenSimulator.builder().credits(0).syncInsufficientCreditsStatus(500));
    p = provider("mode", "sync");
    e =
        fails(
            NonRetryableProviderException.class,
            p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    assertTrue(e.getMessage().contains("Insufficient credits"), e.getMessage());
  }

  @Test
  void contentRejectionsAreTyped() throws Exception {
    start();
    ImageProvider queue = provider();
    VendorJob job =
        await(
            queue.start(
                queue.plan(fox().prompt("x [reject]").build(), "flux-2-pro").calls().get(0)));
    List<JobStatus> seen = pollToEnd(queue, job);
    JobStatus.Failed f = (JobStatus.Failed) seen.get(seen.size() - 1);
    assertInstanceOf(ContentRejectedException.class, f.error());
    assertTrue(f.error().getMessage().contains("NSFW content detected"));

    ImageProvider sync = provider("mode", "sync");
    fails(
        ContentRejectedException.class,
        sync.start(sync.plan(fox().prompt("x [reject]").build(), "flux-2-pro").calls().get(0)));
    // [nsfw] trips the safety checker unless the request turns it off.
    fails(
        ContentRejectedException.class,
        sync.start(sync.plan(fox().prompt("x [nsfw]").build(), "flux-2-pro").calls().get(0)));
    VendorJob off =
        await(
            sync.start(
                sync.plan(fox().prompt("x [nsfw]").safety(SafetyLevel.OFF).build(), "flux-2-pro")
                    .calls()
                    .get(0)));
    assertInstanceOf(JobStatus.Succeeded.class, off.finished());
  }

  @Test
  void failedGenerationsAreRetryableOnlyWhenTransient() throws Exception {
    start();
    ImageProvider p = provider();
    assertEquals(
        FailureClass.RETRYABLE,
        failureOf(p, fox().prompt("x [fail]").build(), "flux-2-pro").failureClass());
    assertEquals(
        FailureClass.RETRYABLE,
        failureOf(p, fox().prompt("x [timeout]").build(), "flux-2-pro").failureClass());
    // A parameter Oxen checks only at run time.
    GenerationException bad =
        failureOf(
            p,
            fox().extension("oxen", "output_format", "gif").build(),
            "black-forest-labs-flux-2-klein-4b");
    assertEquals(FailureClass.NOT_RETRYABLE, bad.failureClass());
    assertTrue(bad.getMessage().contains("output_format must be one of"), bad.getMessage());
  }

  private GenerationException failureOf(ImageProvider p, GenerationRequest r, String model)
      throws Exception {
    VendorJob job = await(p.start(p.plan(r, model).calls().get(0)));
    List<JobStatus> seen = pollToEnd(p, job);
    GenerationException e = ((JobStatus.Failed) seen.get(seen.size() - 1)).error();
    messages.add(e.getMessage());
    return e;
  }

  @Test
  void httpFailuresAreClassified() throws Exception {
    start();
    ImageProvider p = provider();
    PlannedCall call = p.plan(fox().build(), "flux-2-pro").calls().get(0);

    sim.faults().on(OxenSimulator.ENQUEUE).inject(OxenFaults.rateLimited(3));
    RetryableProviderException limited = fails(RetryableProviderException.class, p.start(call));
    assertEquals(Duration.ofSeconds(3), limited.retryAfter());
    assertFalse(limited.ambiguous());

    for (int status : new int[] {500, 502, 503}) {
      sim.faults().on(OxenSimulator.ENQUEUE).inject(OxenFaults.unknownError(status));
      fails(RetryableProviderException.class, p.start(call));
    }
    for (int status : new int[] {401, 403, 404, 422}) {
      sim.faults()
          .on(OxenSimulator.ENQUEUE)
          .inject(Fault.respond(OxenErrors.typed(status, "invalid_params", "t", "bad " + status)));
      NonRetryableProviderException e = fails(NonRetryableProviderException.class, p.start(call));
      assertEquals(status, e.httpStatus());
      assertTrue(e.getMessage().contains("bad " + status), e.getMessage());
    }
    assertEquals(0, sim.jobsCreated());

    // Status reads: a 503 is retried by polling again; the job is never resubmitted.
    VendorJob job = await(p.start(call));
    sim.faults().on(OxenSimulator.STATUS).inject(OxenFaults.unknownError(503));
    fails(RetryableProviderException.class, p.poll(job));
    sim.faults().on(OxenSimulator.STATUS).inject(Fault.malformedJson());
    fails(RetryableProviderException.class, p.poll(job));
    List<JobStatus> seen = pollToEnd(p, job);
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(1, sim.jobsCreated());

    // A connection dropped before an answer is retryable.
    sim.faults().on(OxenSimulator.ENQUEUE).inject(Fault.resetAfterBody());
    fails(RetryableProviderException.class, p.start(call));
  }

  @Test
  void authAndUnknownIdsAreNotRetryable() throws Exception {
    start();
    ImageProvider wrongKey = provider(Credentials.fromMap(Map.of("OXEN_API_KEY", "wrong")));
    NonRetryableProviderException e =
        fails(
            NonRetryableProviderException.class,
            wrongKey.start(wrongKey.plan(fox().build(), "flux-2-pro").calls().get(0)));
    assertEquals(401, e.httpStatus());
    assertTrue(e.getMessage().contains("credential"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong"));

    ImageProvider p = provider();
    VendorJob unknown =
        new VendorJob(
            new Target("oxen", "flux-2-pro"), "00000000-0000-4000-8000-000000000000", Map.of());
    assertEquals(404, fails(NonRetryableProviderException.class, p.poll(unknown)).httpStatus());
    // An id is a path segment, never a way out of the queue path.
    VendorJob evil = new VendorJob(new Target("oxen", "m"), "../../events?x=1", Map.of());
    fails(NonRetryableProviderException.class, p.poll(evil));
    RecordedRequest last = sim.requests().all().get(sim.requests().size() - 1);
    assertEquals("/api/ai/queue/../../events?x=1", last.path());
    assertNull(last.rawQuery());
    assertNull(last.route(), "no route took it");
  }

  @Test
  void noCredentialMeansNoRequest() throws Exception {
    start();
    ImageProvider p = provider(Credentials.none());
    NonRetryableProviderException e =
        fails(
            NonRetryableProviderException.class,
            p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    assertTrue(e.getMessage().contains("OXEN_API_KEY"), e.getMessage());
    assertEquals(0, sim.requests().size());
  }

  @Test
  void theCredentialGoesOnlyToTheConfiguredHost() throws Exception {
    start(OxenSimulator.builder().resultsOnMediaHost(true));
    ImageProvider p = provider();
    VendorJob job = await(p.start(p.plan(fox().build(), "flux-2-pro").calls().get(0)));
    pollToEnd(p, job);
    RecordedRequest file = sim.requests().last(OxenSimulator.MEDIA_FILE).orElseThrow();
    assertEquals(OxenSimulator.MEDIA_HOST, file.host());
    assertTrue(file.header("Authorization").isEmpty(), "the storage host never sees the key");
    for (RecordedRequest r : sim.requests().all()) {
      boolean hasKey = r.header("Authorization").map(v -> v.contains(KEY)).orElse(false);
      assertEquals(r.host().equals(OxenSimulator.HUB_HOST), hasKey, r.toString());
    }

    // Downloads are refused from hosts that are not allowed, before any connection.
    ImageProvider strict = provider("download-allow", "");
    VendorJob job2 = await(strict.start(strict.plan(fox().build(), "flux-2-pro").calls().get(0)));
    // A refused download is permanent, so it is the job's outcome (the same rule for every vendor).
    GenerationException refused = null;
    for (int i = 0; i < 5 && refused == null; i++) {
      if (await(strict.poll(job2)) instanceof JobStatus.Failed f) {
        refused = f.error();
      }
    }
    assertInstanceOf(NonRetryableProviderException.class, refused);
    messages.add(refused.getMessage());
    assertTrue(refused.getMessage().contains("refusing to download"), refused.getMessage());
  }

  // ---------------------------------------------------------------- factory

  @Test
  void theFactoryIsDiscoveredAndChecksItsConfiguration() throws Exception {
    boolean found = false;
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      if (f.name().equals("oxen")) {
        found = true;
        assertInstanceOf(OxenProviderFactory.class, f);
      }
    }
    assertTrue(found);
    start();
    InvalidRequestException mode =
        assertThrows(InvalidRequestException.class, () -> provider("mode", "stream"));
    assertTrue(mode.getMessage().contains("mode"));
    assertThrows(InvalidRequestException.class, () -> provider("response-format", "png"));
    assertThrows(InvalidRequestException.class, () -> provider("base-url", "ftp://x"));

    ProviderContext context =
        ProviderContext.of(
            transport,
            Clock.systemUTC(),
            d -> {},
            Credentials.none(),
            new ObjectMapper(),
            new Random(1));
    ImageProvider defaults = new OxenProviderFactory().create(ProviderConfig.empty(), context);
    assertEquals(
        URI.create("https://hub.oxen.ai/api/ai/queue"),
        defaults.plan(fox().build(), "flux-2-pro").calls().get(0).call().uri());
    assertEquals(
        defaults.describe("flux-2-pro").size(),
        defaults.describe("flux-2-pro").size(),
        "describe needs no I/O");
    assertThrows(InvalidRequestException.class, () -> defaults.plan(fox().build(), "images/edit"));
    assertThrows(
        InvalidRequestException.class, () -> defaults.plan(fox().build(), "no spaces allowed"));
    assertNotEquals(
        defaults.describe("flux-2-pro"), defaults.describe("black-forest-labs-flux-2-klein-4b"));
  }
}
