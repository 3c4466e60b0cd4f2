package io.genport.provider.leonardo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.Cost;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CountLimit;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.leonardo.LeonardoFaults;
import io.genport.simulators.leonardo.LeonardoGeneration;
import io.genport.simulators.leonardo.LeonardoSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spitck.ProviderDriver;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Leonardo provider against the Leonardo simulator, over the real HttpClient 5 transport. */
class LeonardoProviderTest {
  private static final String KEY = "test-leonardo-key-0123456789";
  private static final String PHOENIX = "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3";
  private static final String FINE_TUNE = "0c7a3f1e-5b2d-4e8f-9a6b-1d2c3e4f5a6b";
  private static HttpClient5Transport transport;

  private LeonardoSimulator sim;
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

  private LeonardoSimulator start(LeonardoSimulator.Builder b) {
    sim = b.apiKey(KEY).start();
    return sim;
  }

  private LeonardoSimulator start() {
    return start(LeonardoSimulator.builder());
  }

  private ImageProvider provider(String... config) {
    return provider(Credentials.fromMap(Map.of("LEONARDO_API_KEY", KEY)), config);
  }

  private ImageProvider provider(Credentials credentials, String... config) {
    Map<String, String> values = new HashMap<>();
    values.put("base-url", sim.apiBaseUri().toString());
    values.put("download-allow", "127.0.0.1");
    values.put("poll-interval-ms", "100");
    for (int i = 0; i < config.length; i += 2) {
      values.put(config[i], config[i + 1]);
    }
    ProviderContext context =
        ProviderContext.of(
            transport, Clock.systemUTC(), d -> {}, credentials, new ObjectMapper(), new Random(3));
    return new LeonardoProviderFactory().create(new ProviderConfig(values), context);
  }

  private GenerationException failure(Runnable action) {
    GenerationException e = ProviderDriver.failure(action, "the call");
    messages.add(e.getMessage());
    return e;
  }

  private static JsonNode body(PlannedCall call) throws Exception {
    return new ObjectMapper().readTree(call.call().body());
  }

  private static GenerationRequest.Builder castle() {
    return GenerationRequest.builder("a castle on a hill at dawn");
  }

  // ---------------------------------------------------------------- the happy path

  @Test
  void aGenerationRunsEndToEndWithCreditsSeedAndFlags() throws Exception {
    start();
    ImageProvider p = provider();
    CallPlan plan =
        p.plan(castle().size(Size.exact(1000, 700)).count(3).seed(77L).build(), "phoenix-1.0");
    assertEquals(new Target("leonardo", "phoenix-1.0"), plan.target());
    PlannedCall call = plan.calls().get(0);
    assertEquals(1, plan.calls().size());
    assertEquals(URI.create(sim.apiBaseUri() + "/generations"), call.call().uri());
    assertEquals("Authorization", call.call().credentialHeader());
    JsonNode b = body(call);
    assertEquals(PHOENIX, b.get("modelId").asText());
    assertEquals(3, b.get("num_images").intValue());
    assertEquals(1000, b.get("width").intValue());
    assertEquals(704, b.get("height").intValue());
    assertEquals(77, b.get("seed").longValue());
    assertEquals(3.5, b.get("contrast").doubleValue());
    assertFalse(b.get("public").booleanValue());

    ProviderDriver d = new ProviderDriver(p);
    VendorJob job = d.start(call);
    assertEquals(new Target("leonardo", "phoenix-1.0"), job.target());
    assertEquals(sim.generations().get(0).generationId(), job.id());
    List<JobStatus> seen = d.pollToEnd(job);
    assertInstanceOf(JobStatus.Running.class, seen.get(0), "PENDING is running");
    JobStatus.Succeeded done =
        assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(new Cost(new BigDecimal(12), "credits"), done.cost(), "apiCreditCost");
    assertEquals(3, done.images().size());
    for (GeneratedImage img : done.images()) {
      assertEquals(new PixelSize(1000, 704), img.size());
      assertEquals("image/jpeg", img.mediaType());
      assertEquals(77L, img.seed());
      assertFalse(img.flagged());
    }
    LeonardoGeneration g = sim.generations().get(0).generation();
    assertEquals(PHOENIX, g.model());
    assertFalse(g.isPublic());

    for (RecordedRequest r : sim.requests().all()) {
      if (r.host().equals(LeonardoSimulator.CDN_HOST)) {
        assertTrue(r.header("Authorization").isEmpty(), "images are fetched without the key");
      } else {
        assertEquals("Bearer " + KEY, r.header("Authorization").orElseThrow(), r.toString());
      }
    }
  }

  @Test
  void theSeedLeonardoReportsIsTheImagesSeed() throws Exception {
    start();
    ImageProvider p = provider();
    PlannedCall call = p.plan(castle().count(1).build(), "lightning-xl").calls().get(0);
    long sent = body(call).get("seed").longValue();
    JobStatus.Succeeded done = new ProviderDriver(p).succeed(call);
    assertEquals(sent, done.images().get(0).seed());
    assertEquals(sent, sim.generations().get(0).generation().seed());
  }

  @Test
  void eachNsfwImageIsFlagged() throws Exception {
    start();
    ImageProvider p = provider();
    PlannedCall call =
        p.plan(castle().prompt("a beach [nsfw]").count(2).build(), "phoenix-1.0").calls().get(0);
    JobStatus.Succeeded done = new ProviderDriver(p).succeed(call);
    assertEquals(2, done.images().size());
    done.images().forEach(img -> assertTrue(img.flagged()));
  }

  @Test
  void eightLargeImagesAreTwoGenerationsOfFourWithDistinctSeeds() throws Exception {
    start();
    ImageProvider p = provider();
    CallPlan plan = p.plan(castle().size(Size.exact(1024, 1024)).count(8).build(), "phoenix-1.0");
    assertEquals(2, plan.calls().size());
    Set<Long> seeds = new HashSet<>();
    ProviderDriver d = new ProviderDriver(p);
    for (PlannedCall c : plan.calls()) {
      assertEquals(4, c.part().count());
      assertTrue(seeds.add(c.part().seed()));
      assertEquals(4, d.succeed(c).images().size());
    }
    assertEquals(
        2, sim.generationsCreated(), "the simulator accepted both: 4 is its limit above 768");
    assertEquals(List.of(CountLimit.aboveSide(768, 4)), p.describe("phoenix-1.0").countLimits());
  }

  // ---------------------------------------------------------------- targets

  @Test
  void anyModelUuidIsServedByTheGenericEntry() throws Exception {
    start();
    ImageProvider p = provider();
    CallPlan plan = p.plan(castle().steps(30).guidance(7.0).build(), FINE_TUNE);
    assertEquals(new Target("leonardo", FINE_TUNE), plan.target());
    JsonNode b = body(plan.calls().get(0));
    assertEquals(FINE_TUNE, b.get("modelId").asText());
    assertEquals(30, b.get("num_inference_steps").intValue());
    assertFalse(b.has("contrast"), "only when set, for a model of unknown family");
    VendorJob job = new ProviderDriver(p).start(plan.calls().get(0));
    assertEquals(FINE_TUNE, job.target().model());

    // The UUID of a catalog model is that model, in any case.
    CallPlan byUuid = p.plan(castle().build(), PHOENIX.toUpperCase(java.util.Locale.ROOT));
    JsonNode pb = body(byUuid.calls().get(0));
    assertEquals(PHOENIX, pb.get("modelId").asText());
    assertEquals(3.5, pb.get("contrast").doubleValue(), "Phoenix's entry, so contrast is sent");
    assertEquals(
        "phoenix-1.0", new ProviderDriver(p).start(byUuid.calls().get(0)).target().model());
  }

  @Test
  void aModelIdPassedAsANativeParameterDoesNotReplaceTheTarget() throws Exception {
    start();
    ImageProvider p = provider();
    assertThrows(
        InvalidRequestException.class,
        () -> p.plan(castle().extension("leonardo", "modelId", FINE_TUNE).build(), "phoenix-1.0"),
        "catalog models do not list modelId");
  }

  @Test
  void anUnknownIdThatIsNotAUuidListsTheCatalog() {
    start();
    ImageProvider p = provider();
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> p.plan(castle().build(), "phoenix"));
    assertEquals("model", e.field());
    assertTrue(
        e.getMessage()
            .contains("'phoenix' is neither in the Leonardo.ai catalog nor a Leonardo model UUID"),
        e.getMessage());
    assertTrue(e.getMessage().contains("phoenix-1.0, phoenix-0.9, flux-dev"), e.getMessage());
    assertFalse(e.getMessage().contains("generic"), e.getMessage());
    assertThrows(InvalidRequestException.class, () -> p.describe("generic"));
  }

  @Test
  void v2ModelsAreCreatedOnV2AndReadWithV1() throws Exception {
    start();
    ImageProvider p = provider();
    PlannedCall call =
        p.plan(
                castle().size(Size.exact(1440, 810)).count(2).seed(4_000_000_000L).build(),
                "flux-pro-2.0")
            .calls()
            .get(0);
    assertEquals(URI.create(sim.cloudBaseUri() + "/api/rest/v2/generations"), call.call().uri());
    JsonNode b = body(call);
    assertEquals("flux-pro-2.0", b.get("model").asText());
    assertFalse(b.get("public").booleanValue());
    assertFalse(b.get("parameters").has("public"), "public goes beside the parameters");
    assertEquals(2, b.get("parameters").get("quantity").intValue());
    assertEquals(4_000_000_000L, b.get("parameters").get("seed").longValue());

    JobStatus.Succeeded done = new ProviderDriver(p).succeed(call);
    assertEquals(2, done.images().size());
    assertEquals(new PixelSize(1440, 810), done.images().get(0).size());
    assertEquals(4_000_000_000L, done.images().get(0).seed());
    assertEquals(new Cost(new BigDecimal(8), "credits"), done.cost());
    assertEquals("v2", sim.generations().get(0).generation().api());
  }

  @Test
  void aV2ModelNeedsAV2BaseWhenTheBaseIsNotV1() {
    start();
    ImageProvider p = provider("base-url", sim.cloudBaseUri() + "/proxy/leonardo");
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> p.plan(castle().build(), "flux-pro-2.0"));
    assertEquals("v2-base-url", e.field());
    ImageProvider configured =
        provider(
            "base-url",
            sim.cloudBaseUri() + "/proxy/leonardo",
            "v2-base-url",
            sim.cloudBaseUri().toString());
    assertEquals(
        URI.create(sim.cloudBaseUri() + "/api/rest/v2/generations"),
        configured.plan(castle().build(), "flux-pro-2.0").calls().get(0).call().uri(),
        "a bare origin gets /api/rest/v2");
  }

  // ---------------------------------------------------------------- no cancel, failures

  @Test
  void cancelIsUnsupportedAndTheJobStaysPollable() throws Exception {
    start();
    ImageProvider p = provider();
    ProviderDriver d = new ProviderDriver(p);
    VendorJob job = d.start(p.plan(castle().count(1).build(), "phoenix-1.0").calls().get(0));

    GenerationException e = failure(() -> ProviderDriver.await(p.cancel(job), "cancel"));
    assertInstanceOf(UnsupportedCapabilityException.class, e);
    assertEquals(FailureClass.UNSUPPORTED, e.failureClass());
    assertTrue(e.getMessage().contains("Leonardo.ai has no cancel"), e.getMessage());

    List<JobStatus> seen = d.pollToEnd(job);
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(0, sim.deleteCount(), "a cancel never deletes the generation");
  }

  @Test
  void aFailedGenerationCarriesLeonardosReason() throws Exception {
    start();
    ImageProvider p = provider();
    ProviderDriver d = new ProviderDriver(p);
    JobStatus end =
        d.run(p.plan(castle().prompt("x [fail]").count(1).build(), "phoenix-1.0").calls().get(0));
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, end);
    assertInstanceOf(NonRetryableProviderException.class, failed.error());
    assertTrue(
        failed.error().getMessage().contains(LeonardoSimulator.MODEL_FAILED),
        failed.error().getMessage());

    JobStatus timedOut =
        d.run(
            p.plan(castle().prompt("x [timeout]").count(1).build(), "phoenix-1.0").calls().get(0));
    GenerationException t = assertInstanceOf(JobStatus.Failed.class, timedOut).error();
    assertInstanceOf(
        RetryableProviderException.class, t, "the job ended; a new one may not time out");
    assertFalse(((RetryableProviderException) t).ambiguous());
  }

  @Test
  void aFailedGenerationWithoutAReasonSaysSo() throws Exception {
    start(LeonardoSimulator.builder().failureReason(false));
    ImageProvider p = provider();
    JobStatus end =
        new ProviderDriver(p)
            .run(
                p.plan(castle().prompt("x [fail]").count(1).build(), "phoenix-1.0").calls().get(0));
    assertTrue(
        assertInstanceOf(JobStatus.Failed.class, end)
            .error()
            .getMessage()
            .contains("without a reason"));
  }

  @Test
  void notEnoughTokensIsNotRetryableAndSaysSo() {
    start(LeonardoSimulator.builder().credits(0));
    ImageProvider p = provider();
    PlannedCall call = p.plan(castle().count(1).build(), "phoenix-1.0").calls().get(0);
    GenerationException e = failure(() -> new ProviderDriver(p).start(call));
    assertInstanceOf(NonRetryableProviderException.class, e);
    assertTrue(e.getMessage().contains("You do not have enough API tokens"), e.getMessage());
    assertTrue(e.getMessage().contains("out of credits"), e.getMessage());
  }

  @Test
  void aModeratedPromptIsContentRejected() {
    start();
    ImageProvider p = provider();
    PlannedCall call = p.plan(castle().prompt("x [reject]").build(), "phoenix-1.0").calls().get(0);
    assertInstanceOf(
        ContentRejectedException.class, failure(() -> new ProviderDriver(p).start(call)));
  }

  @Test
  void aRefusedKeyIsNotRetryableAndNamesTheVariableWhateverItsStatus() {
    for (int status : new int[] {401, 500}) {
      start(LeonardoSimulator.builder().invalidKeyStatus(status));
      ImageProvider p = provider(Credentials.fromMap(Map.of("LEONARDO_API_KEY", "wrong-key")));
      PlannedCall call = p.plan(castle().build(), "phoenix-1.0").calls().get(0);
      GenerationException e = failure(() -> new ProviderDriver(p).start(call));
      assertInstanceOf(NonRetryableProviderException.class, e, "HTTP " + status);
      assertTrue(e.getMessage().contains("LEONARDO_API_KEY"), e.getMessage());
      sim.close();
    }
    sim = null;
  }

  @Test
  void rateLimitsAndServerErrorsBeforeAcceptanceAreRetryable() {
    start();
    ImageProvider p = provider();
    PlannedCall call = p.plan(castle().build(), "phoenix-1.0").calls().get(0);
    sim.faults().on(LeonardoSimulator.CREATE).inject(LeonardoFaults.rateLimited(3));
    RetryableProviderException limited =
        assertInstanceOf(
            RetryableProviderException.class, failure(() -> new ProviderDriver(p).start(call)));
    assertEquals(Duration.ofSeconds(3), limited.retryAfter());
    assertFalse(limited.ambiguous());

    sim.faults().on(LeonardoSimulator.CREATE).inject(LeonardoFaults.serverError(503));
    assertInstanceOf(
        RetryableProviderException.class, failure(() -> new ProviderDriver(p).start(call)));
    assertEquals(0, sim.generationsCreated());
  }

  @Test
  void anAcceptedGenerationIsOnlyPolled() throws Exception {
    start();
    ImageProvider p = provider();
    ProviderDriver d = new ProviderDriver(p);
    VendorJob job = d.start(p.plan(castle().count(1).build(), "phoenix-1.0").calls().get(0));
    sim.faults().on(LeonardoSimulator.STATUS).inject(LeonardoFaults.serverError(502));
    assertInstanceOf(
        RetryableProviderException.class, failure(() -> ProviderDriver.await(p.poll(job), "poll")));
    List<JobStatus> seen = d.pollToEnd(job);
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(1, sim.createCount(), "never created again");
  }

  @Test
  void aGenerationThatIsGoneEndsThePolling() throws Exception {
    start();
    ImageProvider p = provider();
    VendorJob gone =
        new VendorJob(
            new Target("leonardo", "phoenix-1.0"),
            "00000000-0000-4000-8000-000000000000",
            Map.of());
    GenerationException e = failure(() -> ProviderDriver.await(p.poll(gone), "poll"));
    assertInstanceOf(NonRetryableProviderException.class, e);
    assertTrue(e.getMessage().contains("has no generation"), e.getMessage());
  }

  @Test
  void theCostObjectServesWhenApiCreditCostIsGone() throws Exception {
    start(LeonardoSimulator.builder().apiCreditCost(false).pricePerImage(5));
    ImageProvider p = provider();
    JobStatus.Succeeded done =
        new ProviderDriver(p)
            .succeed(p.plan(castle().count(2).build(), "phoenix-1.0").calls().get(0));
    assertEquals(new Cost(new BigDecimal(10), "credits"), done.cost());
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void configuration() {
    start();
    assertEquals(
        URI.create(sim.apiBaseUri() + "/generations"),
        provider("base-url", sim.cloudBaseUri().toString())
            .plan(castle().build(), "phoenix-1.0")
            .calls()
            .get(0)
            .call()
            .uri(),
        "a bare origin gets /api/rest/v1");
    InvalidRequestException fast =
        assertThrows(InvalidRequestException.class, () -> provider("poll-interval-ms", "20"));
    assertEquals("poll-interval-ms", fast.field());
    assertEquals(
        Duration.ofMillis(100),
        provider()
            .pollInterval(new VendorJob(new Target("leonardo", "phoenix-1.0"), "abc", Map.of())));
    assertEquals(
        URI.create("https://cloud.leonardo.ai/api/rest/v2"),
        LeonardoProviderFactory.v2Of(URI.create(LeonardoProviderFactory.DEFAULT_BASE_URL)));
    assertNull(LeonardoProviderFactory.v2Of(URI.create("https://proxy.example/leo")));
  }

  @Test
  void theFactoryIsDiscoveredAndDeclaresItsCredential() {
    ProviderFactory found = null;
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      if (f.name().equals("leonardo")) {
        found = f;
      }
    }
    assertInstanceOf(LeonardoProviderFactory.class, found);
    assertEquals(Set.of("LEONARDO_API_KEY"), found.credentialNames());
  }
}
