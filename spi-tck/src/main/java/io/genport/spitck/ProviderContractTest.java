package io.genport.spitck;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.Sleeper;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.RecordedRequest;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderContext;
import io.genport.spi.download.ImageProbe;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider contract: abstract JUnit 5 tests that every {@link io.genport.spi.ProviderFactory
 * provider plugin} must pass, ours and third parties' alike. A provider module adds one subclass to
 * its tests and implements {@link #newHarness()}:
 *
 * <pre>{@code
 * class AcmeProviderContractTest extends ProviderContractTest {
 *   @Override
 *   protected ProviderHarness newHarness() {
 *     return new AcmeHarness(AcmeSimulator.builder().start(), new HttpClient5Transport());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh harness (so a fresh simulator), creates the provider through its
 * factory with a {@link ProviderContext} built here (a recording transport, a sleeper that never
 * sleeps, a seeded random and decoy credentials of other vendors), and drives {@link ImageProvider}
 * directly with {@link ProviderDriver}: start, then poll in a bounded loop that ignores {@link
 * ImageProvider#pollInterval}. Nothing waits for wall-clock time and nothing asserts on it.
 *
 * <p>What is checked: planning is pure and deterministic; every adaptation is reported and matches
 * the planned call; the planned size is the size of the images returned; seeds (each image carries
 * its call's seed, 0 is sent as 0); count splitting; the job life cycle (submit, progress, result,
 * cancel); the mapping of every kind of failure to its {@link FailureClass}; that the credential
 * reaches only the vendor's own hosts; and that no secret appears in {@code toString()} or an
 * exception message. Capability-dependent tests are gated by {@link
 * ProviderHarness#supports(ProviderCapability)} through assumptions (see {@link CapabilityGate}),
 * the only reason a test here is ever skipped.
 *
 * @since 1
 */
public abstract class ProviderContractTest {
  /** The seed of the requests here; any value works, a fixed one keeps runs repeatable. */
  protected static final long SEED = 1_234_567L;

  /** The prompt of the requests here. */
  protected static final String PROMPT = "a lighthouse on a cliff at dusk";

  /**
   * Credential names of other vendors. Each is offered to the provider with a decoy value (unless
   * the harness uses the name itself), and no request may carry one.
   */
  static final List<String> OTHER_VENDOR_CREDENTIALS =
      List.of(
          "FAL_KEY",
          "REPLICATE_API_TOKEN",
          "EACHLABS_API_KEY",
          "OXEN_API_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_BEARER_TOKEN_BEDROCK",
          "LEONARDO_API_KEY",
          "OPENAI_API_KEY");

  /** The harness of the running test. */
  protected ProviderHarness harness;

  /** The harness's transport, recording what the provider sends. */
  protected RecordingTransport transport;

  /** The provider under test, with the harness's valid credentials. */
  protected ImageProvider provider;

  /** Drives {@link #provider}. */
  protected ProviderDriver driver;

  private final AtomicInteger sleeps = new AtomicInteger();

  /**
   * A new harness: a freshly started simulator and everything {@link ProviderHarness} describes.
   * Called once per test; the test closes it.
   */
  protected abstract ProviderHarness newHarness();

  /** Opens a fresh harness and creates the provider with its valid credentials. */
  @BeforeEach
  protected final void openHarness() {
    harness = requireNonNull(newHarness(), "newHarness() returned null");
    transport = new RecordingTransport(harness.transport());
    provider = createProvider(harness.credentials());
    driver = new ProviderDriver(provider);
  }

  /** Checks the harness for leaks, then closes it. */
  @AfterEach
  protected final void closeHarness() {
    if (harness == null) {
      return;
    }
    try {
      harness.verifyNoLeaks();
    } finally {
      harness.close();
      harness = null;
    }
  }

  // ------------------------------------------------------------------------------- helpers

  /**
   * Creates a provider through the harness's factory, with these credentials plus decoys of other
   * vendors' credentials.
   */
  protected final ImageProvider createProvider(Map<String, String> credentials) {
    return harness.factory().create(harness.config(), context(credentials));
  }

  /**
   * The context the provider gets: the recording transport, the system clock (only read, e.g. for
   * an HTTP-date {@code Retry-After}), a sleeper that returns at once, the credentials plus decoys,
   * a plain JSON mapper and a seeded random.
   */
  protected ProviderContext context(Map<String, String> credentials) {
    return context(transport, credentials);
  }

  /** Like {@link #context(Map)}, with another transport. */
  protected ProviderContext context(HttpTransport via, Map<String, String> credentials) {
    Map<String, String> all = new LinkedHashMap<>(decoys());
    all.putAll(credentials);
    Sleeper noSleep = d -> sleeps.incrementAndGet();
    return ProviderContext.of(
        via,
        Clock.systemUTC(),
        noSleep,
        Credentials.fromMap(all),
        new ObjectMapper(),
        new Random(SEED));
  }

  /** Decoy values for the credentials of other vendors that the harness does not use. */
  protected final Map<String, String> decoys() {
    Map<String, String> d = new LinkedHashMap<>();
    for (String name : OTHER_VENDOR_CREDENTIALS) {
      if (!harness.credentials().containsKey(name)
          && !harness.wrongCredentials().containsKey(name)) {
        d.put(name, "tck-decoy-" + name.toLowerCase(java.util.Locale.ROOT) + "-9f3a");
      }
    }
    return d;
  }

  /** A request with {@link #PROMPT}, {@link #SEED} and the harness's exact size. */
  protected GenerationRequest.Builder baseRequest() {
    PixelSize s = harness.exactSize();
    return GenerationRequest.builder(PROMPT).seed(SEED).size(Size.exact(s.width(), s.height()));
  }

  /** Plans {@code request} for the harness's model. */
  protected final CallPlan plan(GenerationRequest request) {
    return provider.plan(request, harness.model());
  }

  /** The single call of a plan that must have exactly one. */
  protected static PlannedCall onlyCall(CallPlan plan) {
    assertEquals(1, plan.calls().size(), "expected one call: " + plan.calls());
    return plan.calls().get(0);
  }

  /** The adaptations of {@code plan} on {@code field}. */
  protected static List<Adaptation> adaptations(CallPlan plan, RequestField field) {
    List<Adaptation> out = new ArrayList<>();
    for (Adaptation a : plan.adaptations()) {
      if (a.field() == field) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Starts {@code call} and polls it to its end, returning the failure it ends with: from start,
   * from a poll, or a {@link JobStatus.Failed}.
   */
  protected final GenerationException runFailure(ImageProvider p, PlannedCall call) {
    ProviderDriver d = new ProviderDriver(p);
    try {
      JobStatus end = d.run(call);
      if (end instanceof JobStatus.Failed f) {
        return f.error();
      }
      throw new AssertionError("expected a failure, the job ended " + end);
    } catch (GenerationException e) {
      return e;
    }
  }

  /** Injects {@code fault} into the next submit and returns how starting a call fails. */
  protected final GenerationException submitFailure(Fault fault) {
    PlannedCall call = onlyCall(plan(baseRequest().build()));
    harness.injectOnce(VendorOperation.SUBMIT, fault);
    return runFailure(provider, call);
  }

  /**
   * Injects {@code fault}, which leaves the submit's outcome unknown, into the next submit and
   * returns how starting a call fails. A provider that searches the vendor's recent jobs for the
   * job of an ambiguous submit finds none: its search fails with a 500 too.
   */
  protected final GenerationException ambiguousSubmitFailure(Fault fault) {
    if (harness.endpoint(VendorOperation.FIND_SUBMITTED) != null) {
      harness.injectOnce(VendorOperation.FIND_SUBMITTED, Fault.status(500));
    }
    return submitFailure(fault);
  }

  /** The recorded requests of one operation. */
  protected final List<RecordedRequest> recorded(VendorOperation operation) {
    Endpoint e = harness.endpoint(operation);
    return e == null ? List.of() : harness.journal().matching(e);
  }

  private void assertImagesAreReal(List<GeneratedImage> images, PixelSize expected) {
    for (GeneratedImage img : images) {
      byte[] bytes = img.source().readAllBytes();
      assertTrue(bytes.length > 0, "image has no bytes");
      assertEquals(ImageProbe.mediaType(bytes), img.mediaType(), "media type of the bytes");
      if (expected != null) {
        assertEquals(expected, img.size(), "reported image size");
        assertEquals(expected, ImageProbe.size(bytes), "pixel size of the returned bytes");
      }
    }
  }

  /** The failure says the target cannot serve, for {@code expected}: a route fails over on it. */
  private static void assertTargetCannotServe(FailureReason expected, GenerationException e) {
    assertEquals(expected, FailureReason.of(e), () -> "wrong reason for: " + e);
  }

  private static void assertClass(FailureClass expected, GenerationException e) {
    assertEquals(expected, e.failureClass(), () -> "wrong class for: " + e);
    assertNotNull(e.getMessage(), "a failure says what happened");
    assertFalse(e.getMessage().isBlank(), "a failure says what happened");
  }

  private Set<String> secrets() {
    Set<String> s = new HashSet<>(harness.credentials().values());
    s.addAll(harness.wrongCredentials().values());
    s.addAll(decoys().values());
    return s;
  }

  private void assertNoSecretIn(String what, String text) {
    for (String secret : secrets()) {
      assertFalse(text.contains(secret), () -> what + " reveals a credential: " + text);
    }
  }

  private void assertNoSecretIn(String what, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertNoSecretIn(what + " (" + c.getClass().getSimpleName() + ")", String.valueOf(c));
      if (c.getCause() == c) {
        break;
      }
    }
  }

  // ------------------------------------------------------------------------------ planning

  @Test
  public void planningIsPureAndDeterministic() {
    GenerationRequest request = baseRequest().count(harness.maxImagesPerCall() + 1).build();

    provider.describe(harness.model());
    CallPlan first = plan(request);
    CallPlan second = plan(request);

    assertEquals(first.calls(), second.calls(), "a seeded request plans the same calls twice");
    List<NativeCall> a = new ArrayList<>();
    first.calls().forEach(c -> a.add(c.call()));
    List<NativeCall> b = new ArrayList<>();
    second.calls().forEach(c -> b.add(c.call()));
    assertEquals(a, b, "the native calls are equal");
    assertEquals(first.adaptations(), second.adaptations());
    CallPlan elsewhere = createProvider(harness.credentials()).plan(request, harness.model());
    assertEquals(first.calls(), elsewhere.calls(), "another instance plans the same calls");
    assertEquals(0, transport.count(), "describe and plan send nothing: " + transport.sent());
    assertEquals(0, harness.journal().size(), "the simulator received nothing");
    assertEquals(0, sleeps.get(), "planning never waits");
  }

  @Test
  public void inexactSizeIsReportedAsAnAdaptationMatchingThePlannedCall() {
    Size asked = harness.inexactSize();
    CallPlan plan = plan(baseRequest().size(asked).build());

    List<Adaptation> size = adaptations(plan, RequestField.SIZE);
    assertEquals(1, size.size(), "one size adaptation: " + plan.adaptations());
    Adaptation a = size.get(0);
    assertEquals(asked.toString(), a.requested());
    assertEquals(plan.negotiated().size().choice().toString(), a.applied());
    for (PlannedCall call : plan.calls()) {
      assertNotNull(call.expectedSize(), "the planned size is known before the call");
      assertTrue(
          a.applied().contains(call.expectedSize().toString()),
          () -> "adaptation '" + a + "' names the planned size " + call.expectedSize());
    }
    assertEquals(0, transport.count());
  }

  @Test
  @CapabilityGate(ProviderCapability.EXACT_SIZE)
  public void exactSizeIsPlannedWithoutAdaptation() {
    assumeTrue(harness.supports(ProviderCapability.EXACT_SIZE));
    PixelSize exact = harness.exactSize();

    CallPlan plan =
        plan(
            baseRequest()
                .size(Size.exact(exact.width(), exact.height()))
                .require(RequestField.SIZE)
                .build());

    assertEquals(List.of(), adaptations(plan, RequestField.SIZE));
    plan.calls().forEach(c -> assertEquals(exact, c.expectedSize()));
  }

  @Test
  @CapabilityGate(value = ProviderCapability.EXACT_SIZE, supported = false)
  public void requiredExactSizeFailsAtPlanTimeWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.EXACT_SIZE));
    PixelSize exact = harness.exactSize();
    GenerationRequest request =
        baseRequest()
            .size(Size.exact(exact.width(), exact.height()))
            .require(RequestField.SIZE)
            .build();

    GenerationException e = ProviderDriver.failure(() -> plan(request), "plan");

    UnsupportedCapabilityException u = assertInstanceOf(UnsupportedCapabilityException.class, e);
    assertEquals(RequestField.SIZE, u.field());
    assertEquals(0, transport.count(), "nothing is sent");
  }

  @Test
  public void plannedSizeEqualsThePixelSizeOfTheReturnedImages() {
    PlannedCall call = onlyCall(plan(baseRequest().size(harness.inexactSize()).build()));
    assertNotNull(call.expectedSize(), "the planned size is known before the call");

    JobStatus.Succeeded done = driver.succeed(call);

    assertEquals(call.part().count(), done.images().size());
    assertImagesAreReal(done.images(), call.expectedSize());
  }

  // --------------------------------------------------------------------------------- seeds

  @Test
  @CapabilityGate(ProviderCapability.SEED)
  public void eachImageCarriesTheSeedOfItsCall() {
    assumeTrue(harness.supports(ProviderCapability.SEED));
    assertTrue(provider.describe(harness.model()).seed().accepted(), "describe says: seed taken");
    PlannedCall call = onlyCall(plan(baseRequest().build()));
    assertEquals(SEED, call.part().seed());
    assertEquals(List.of(), adaptations(plan(baseRequest().build()), RequestField.SEED));

    JobStatus.Succeeded done = driver.succeed(call);

    for (GeneratedImage img : done.images()) {
      assertEquals(SEED, img.seed(), "the image carries its call's seed");
    }
    List<RecordedRequest> submits = recorded(VendorOperation.SUBMIT);
    assertEquals(1, submits.size());
    assertEquals(SEED, harness.seedSent(submits.get(0)).orElseThrow(), "the seed was sent");
  }

  /**
   * Seed 0 is a seed like any other, sent as 0, unless the model documents 0 as "random" (its
   * {@link io.genport.core.domain.negotiation.SeedSpec#randomSentinel()}, as Stability's models
   * do): then the plan reports a seed adaptation, 0 is never sent, and the images carry the seed
   * that was sent.
   */
  @Test
  @CapabilityGate(ProviderCapability.SEED)
  public void seedZeroIsSentAsZero() {
    assumeTrue(harness.supports(ProviderCapability.SEED));
    if (provider.describe(harness.model()).seed().isRandomSentinel(0)) {
      CallPlan plan = plan(baseRequest().seed(0L).build());
      assertEquals(1, adaptations(plan, RequestField.SEED).size(), "0 means random: reported");
      PlannedCall call = onlyCall(plan);
      assertNotNull(call.part().seed());
      assertTrue(call.part().seed() != 0L, "0 is never sent to a model that reads it as random");
      JobStatus.Succeeded done = driver.succeed(call);
      assertEquals(
          call.part().seed(),
          harness.seedSent(recorded(VendorOperation.SUBMIT).get(0)).orElseThrow(),
          "the planned seed was sent");
      done.images().forEach(img -> assertEquals(call.part().seed(), img.seed()));
      return;
    }
    CallPlan plan = plan(baseRequest().seed(0L).build());
    assertEquals(List.of(), adaptations(plan, RequestField.SEED), "0 is a seed, not 'random'");
    PlannedCall call = onlyCall(plan);
    assertEquals(0L, call.part().seed());

    JobStatus.Succeeded done = driver.succeed(call);

    List<RecordedRequest> submits = recorded(VendorOperation.SUBMIT);
    assertEquals(1, submits.size());
    assertEquals(0L, harness.seedSent(submits.get(0)).orElseThrow(), "seed 0 is sent, as 0");
    done.images().forEach(img -> assertEquals(0L, img.seed()));
  }

  @Test
  @CapabilityGate(value = ProviderCapability.SEED, supported = false)
  public void requiredSeedFailsAtPlanTimeWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.SEED));
    assertFalse(provider.describe(harness.model()).seed().accepted(), "describe: no seed");
    GenerationRequest request = baseRequest().require(RequestField.SEED).build();

    GenerationException e = ProviderDriver.failure(() -> plan(request), "plan");

    UnsupportedCapabilityException u = assertInstanceOf(UnsupportedCapabilityException.class, e);
    assertEquals(RequestField.SEED, u.field());
    assertEquals(0, transport.count(), "nothing is sent");
  }

  // --------------------------------------------------------------------------------- count

  @Test
  public void countAboveThePerCallMaximumIsSplitWithDistinctSeeds() {
    int max = harness.maxImagesPerCall();
    assertEquals(
        max,
        provider.describe(harness.model()).maxImagesPerCall(),
        "describe reports the per-call maximum the vendor documents");
    int count = max + 1;

    CallPlan plan = plan(baseRequest().count(count).build());

    assertTrue(plan.calls().size() >= 2, "split into several calls: " + plan.calls());
    assertEquals(1, adaptations(plan, RequestField.COUNT).size(), "the split is reported");
    int planned = 0;
    Set<Long> seeds = new HashSet<>();
    for (PlannedCall c : plan.calls()) {
      assertTrue(c.part().count() <= max, "no call asks for more than " + max);
      planned += c.part().count();
      if (harness.supports(ProviderCapability.SEED)) {
        assertNotNull(c.part().seed(), "every call has a seed");
        assertTrue(seeds.add(c.part().seed()), "seeds are distinct: " + plan.calls());
      }
    }
    assertEquals(count, planned);

    int images = 0;
    for (PlannedCall c : plan.calls()) {
      JobStatus.Succeeded done = driver.succeed(c);
      assertEquals(c.part().count(), done.images().size(), "every image of the call comes back");
      assertImagesAreReal(done.images(), c.expectedSize());
      if (harness.supports(ProviderCapability.SEED)) {
        done.images().forEach(img -> assertEquals(c.part().seed(), img.seed()));
      }
      images += done.images().size();
    }
    assertEquals(count, images, "all images come back");
  }

  @Test
  @CapabilityGate(ProviderCapability.MULTIPLE_IMAGES_PER_CALL)
  public void severalImagesComeBackFromOneCall() {
    assumeTrue(harness.supports(ProviderCapability.MULTIPLE_IMAGES_PER_CALL));
    assertTrue(harness.maxImagesPerCall() >= 2, "the harness says one call returns several");

    PlannedCall call = onlyCall(plan(baseRequest().count(2).build()));
    JobStatus.Succeeded done = driver.succeed(call);

    assertEquals(2, done.images().size());
    assertImagesAreReal(done.images(), call.expectedSize());
    assertEquals(1, recorded(VendorOperation.SUBMIT).size(), "one billable call");
  }

  @Test
  @CapabilityGate(value = ProviderCapability.MULTIPLE_IMAGES_PER_CALL, supported = false)
  public void oneImagePerCallWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.MULTIPLE_IMAGES_PER_CALL));
    assertEquals(1, provider.describe(harness.model()).maxImagesPerCall());

    CallPlan plan = plan(baseRequest().count(2).build());

    assertEquals(2, plan.calls().size());
    plan.calls().forEach(c -> assertEquals(1, c.part().count()));
  }

  // ------------------------------------------------------------------------ negative prompt

  @Test
  @CapabilityGate(ProviderCapability.NEGATIVE_PROMPT)
  public void negativePromptIsSentWithoutAdaptation() {
    assumeTrue(harness.supports(ProviderCapability.NEGATIVE_PROMPT));
    assertTrue(provider.describe(harness.model()).negativePrompt(), "describe: negative prompt");
    String avoid = "tck-avoid-fog-and-rain";

    CallPlan plan = plan(baseRequest().negativePrompt(avoid).build());

    assertEquals(List.of(), adaptations(plan, RequestField.NEGATIVE_PROMPT));
    assertEquals(avoid, plan.negotiated().negativePrompt());
    PlannedCall call = onlyCall(plan);
    assertTrue(call.call().body().contains(avoid), "the native body carries it");
    driver.start(call);
    assertTrue(recorded(VendorOperation.SUBMIT).get(0).bodyText().contains(avoid), "it is sent");
  }

  @Test
  @CapabilityGate(value = ProviderCapability.NEGATIVE_PROMPT, supported = false)
  public void negativePromptIsAdaptedOrRefusedWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.NEGATIVE_PROMPT));
    assertFalse(provider.describe(harness.model()).negativePrompt(), "describe: none");
    String avoid = "tck-avoid-fog-and-rain";

    CallPlan plan = plan(baseRequest().negativePrompt(avoid).build());
    assertEquals(1, adaptations(plan, RequestField.NEGATIVE_PROMPT).size(), "reported");
    plan.calls().forEach(c -> assertFalse(String.valueOf(c.call().body()).contains(avoid)));

    GenerationRequest required =
        baseRequest().negativePrompt(avoid).require(RequestField.NEGATIVE_PROMPT).build();
    GenerationException e = ProviderDriver.failure(() -> plan(required), "plan");
    UnsupportedCapabilityException u = assertInstanceOf(UnsupportedCapabilityException.class, e);
    assertEquals(RequestField.NEGATIVE_PROMPT, u.field());
    assertEquals(0, transport.count(), "nothing is sent");
  }

  // ---------------------------------------------------------------------------- life cycle

  @Test
  public void submitAndPollToCompletion() {
    PlannedCall call = onlyCall(plan(baseRequest().build()));

    VendorJob job = driver.start(call);
    assertEquals(provider.name(), job.target().provider());
    assertFalse(job.id().isBlank(), "the job has an id");
    List<JobStatus> seen = driver.pollToEnd(job);

    JobStatus end = seen.get(seen.size() - 1);
    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, end);
    assertEquals(1, done.images().size());
    assertImagesAreReal(done.images(), call.expectedSize());
    assertEquals(1, recorded(VendorOperation.SUBMIT).size(), "submitted once");
  }

  @Test
  @CapabilityGate(ProviderCapability.QUEUE_STATUS)
  public void jobReportsProgressBeforeItCompletes() {
    assumeTrue(harness.supports(ProviderCapability.QUEUE_STATUS));
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));
    assertNull(job.finished(), "a queued job is not finished when accepted");

    List<JobStatus> seen = driver.pollToEnd(job);

    List<JobStatus> progress = seen.subList(0, seen.size() - 1);
    assertFalse(progress.isEmpty(), "progress is reported before the end: " + seen);
    for (JobStatus s : progress) {
      assertTrue(
          s instanceof JobStatus.Queued || s instanceof JobStatus.Running,
          "progress is Queued or Running: " + seen);
    }
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(1, recorded(VendorOperation.SUBMIT).size(), "polling never resubmits");
  }

  @Test
  @CapabilityGate(value = ProviderCapability.QUEUE_STATUS, supported = false)
  public void jobIsFinishedWhenStartCompletesWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.QUEUE_STATUS));
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));
    assertNotNull(job.finished(), "a synchronous vendor's job is finished when accepted");
    assertTrue(job.finished().terminal());
    int sent = transport.count();

    JobStatus status = driver.poll(job);

    assertInstanceOf(JobStatus.Succeeded.class, status);
    assertEquals(sent, transport.count(), "polling a finished job sends nothing");
  }

  @Test
  @CapabilityGate(ProviderCapability.CANCEL)
  public void cancelReachesTheVendor() {
    assumeTrue(harness.supports(ProviderCapability.CANCEL));
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));
    assertNull(job.finished(), "the job is still queued");

    driver.cancel(job);

    assertTrue(harness.cancelRecorded(job.id()), "the simulator recorded the cancellation");
    List<JobStatus> seen = driver.pollToEnd(job);
    assertInstanceOf(
        JobStatus.Cancelled.class,
        seen.get(seen.size() - 1),
        "a cancelled job ends Cancelled: " + seen);
  }

  @Test
  @CapabilityGate(value = ProviderCapability.CANCEL, supported = false)
  public void cancelFailsWithUnsupportedCapabilityWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.CANCEL));
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));

    GenerationException e = ProviderDriver.failure(provider.cancel(job), "cancel");

    assertInstanceOf(UnsupportedCapabilityException.class, e);
    assertClass(FailureClass.UNSUPPORTED, e);
  }

  @Test
  @CapabilityGate(ProviderCapability.QUEUE_STATUS)
  public void failedStatusPollIsRetryableAndTheSameJobCompletes() {
    assumeTrue(harness.supports(ProviderCapability.QUEUE_STATUS));
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));
    harness.injectOnce(VendorOperation.STATUS, harness.errorResponse(503));

    GenerationException e = ProviderDriver.failure(provider.poll(job), "poll");

    assertClass(FailureClass.RETRYABLE, e);
    List<JobStatus> seen = driver.pollToEnd(job);
    assertInstanceOf(JobStatus.Succeeded.class, seen.get(seen.size() - 1));
    assertEquals(1, recorded(VendorOperation.SUBMIT).size(), "the job is never resubmitted");
  }

  /**
   * A transient failure while fetching a finished job's output (or, for a vendor without a separate
   * result call, its status) fails that poll only: the next poll still delivers the images.
   */
  @Test
  @CapabilityGate(ProviderCapability.QUEUE_STATUS)
  public void failedResultFetchIsRetryableAndTheSameJobCompletes() {
    assumeTrue(harness.supports(ProviderCapability.QUEUE_STATUS));
    VendorOperation op =
        harness.endpoint(VendorOperation.RESULT) != null
            ? VendorOperation.RESULT
            : VendorOperation.STATUS;
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));
    harness.injectOnce(op, harness.errorResponse(503));

    List<JobStatus> seen = new ArrayList<>();
    GenerationException failure = null;
    for (int i = 0; i < ProviderDriver.MAX_POLLS && failure == null; i++) {
      try {
        JobStatus s = driver.poll(job);
        seen.add(s);
        assertFalse(s.terminal(), () -> "the injected failure was skipped: " + seen);
      } catch (GenerationException e) {
        failure = e;
      }
    }

    assertNotNull(failure, "the injected failure reached the provider");
    assertClass(FailureClass.RETRYABLE, failure);
    List<JobStatus> rest = driver.pollToEnd(job);
    assertInstanceOf(JobStatus.Succeeded.class, rest.get(rest.size() - 1));
    assertEquals(1, recorded(VendorOperation.SUBMIT).size(), "the job is never resubmitted");
  }

  /** A transient failure of a cancel request is retryable, and cancelling again works. */
  @Test
  @CapabilityGate(ProviderCapability.CANCEL)
  public void failedCancelIsRetryable() {
    assumeTrue(harness.supports(ProviderCapability.CANCEL));
    VendorJob job = driver.start(onlyCall(plan(baseRequest().build())));
    harness.injectOnce(VendorOperation.CANCEL, harness.errorResponse(503));

    GenerationException e = ProviderDriver.failure(provider.cancel(job), "cancel");

    assertClass(FailureClass.RETRYABLE, e);
    driver.cancel(job);
    assertTrue(harness.cancelRecorded(job.id()), "the second cancel took effect");
  }

  // ------------------------------------------------------------------------------ failures

  @Test
  public void wrongCredentialIsNotRetryable() {
    ImageProvider wrong = createProvider(harness.wrongCredentials());
    PlannedCall call = onlyCall(wrong.plan(baseRequest().build(), harness.model()));

    GenerationException e = runFailure(wrong, call);

    assertClass(FailureClass.NOT_RETRYABLE, e);
    assertTargetCannotServe(FailureReason.CREDENTIAL_REFUSED, e);
    for (String name : harness.credentials().keySet()) {
      assertTrue(
          e.getMessage().contains(name), "the message names the credential to check: " + name);
    }
  }

  @Test
  public void missingCredentialIsNotRetryable() {
    GenerationException e =
        ProviderDriver.failure(
            () -> {
              ImageProvider none = createProvider(Map.of());
              PlannedCall call = onlyCall(none.plan(baseRequest().build(), harness.model()));
              new ProviderDriver(none).run(call);
            },
            "a provider without its credential");

    assertClass(FailureClass.NOT_RETRYABLE, e);
    assertTargetCannotServe(FailureReason.NO_CREDENTIAL, e);
  }

  @Test
  public void notFoundIsNotRetryable() {
    GenerationException e = submitFailure(harness.errorResponse(404));

    assertClass(FailureClass.NOT_RETRYABLE, e);
    assertTargetCannotServe(FailureReason.MODEL_UNAVAILABLE, e);
    assertTrue(
        e.getMessage().contains("does not exist"),
        "a 404 on the submit says the model or endpoint is unknown: " + e.getMessage());
  }

  /** Exhausted credits (HTTP 402) end the call on this target and say what to do. */
  @Test
  public void exhaustedCreditsAreNotRetryableAndSaySo() {
    GenerationException e = submitFailure(harness.errorResponse(402));

    assertClass(FailureClass.NOT_RETRYABLE, e);
    assertTargetCannotServe(FailureReason.OUT_OF_CREDITS, e);
    assertTrue(e.getMessage().contains("credits"), "the message says why: " + e.getMessage());
  }

  /**
   * A submit answer that breaks off mid-JSON: the vendor ran the request, so the job (or the billed
   * images) may exist and a resubmission could bill twice.
   */
  @Test
  public void malformedSubmitAnswerIsRetryableAndAmbiguous() {
    GenerationException e = ambiguousSubmitFailure(Fault.malformedJson());

    assertClass(FailureClass.RETRYABLE, e);
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertTrue(r.ambiguous(), "the job may exist: " + r.getMessage());
  }

  /** A success answer to a submit that names no job: the job may exist but cannot be polled. */
  @Test
  @CapabilityGate(ProviderCapability.QUEUE_STATUS)
  public void submitAnswerWithoutJobIdIsRetryableAndAmbiguous() {
    assumeTrue(harness.supports(ProviderCapability.QUEUE_STATUS));
    GenerationException e =
        ambiguousSubmitFailure(Fault.status(200).withJsonBody(Map.of("note", "tck: no job id")));

    assertClass(FailureClass.RETRYABLE, e);
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertTrue(r.ambiguous(), "the job may exist: " + r.getMessage());
  }

  /**
   * A 422 on the submit refuses parameters the target's own plan produced (the request passed
   * planning), so the target cannot serve it and a route moves on to its next target.
   */
  @Test
  public void validationErrorIsNotRetryable() {
    GenerationException e = submitFailure(harness.errorResponse(422));
    assertClass(FailureClass.NOT_RETRYABLE, e);
    assertTargetCannotServe(FailureReason.PLAN_REFUSED, e);
  }

  @Test
  public void rateLimitWithRetryAfterIsRetryableAfterThatDelay() {
    GenerationException e =
        submitFailure(harness.errorResponse(429).withHeader("Retry-After", "7"));

    assertClass(FailureClass.RETRYABLE, e);
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertEquals(Duration.ofSeconds(7), r.retryAfter());
    assertFalse(r.ambiguous(), "the vendor answered, so the request did not take effect");
  }

  @Test
  public void rateLimitWithoutRetryAfterIsRetryableWithoutDelay() {
    GenerationException e = submitFailure(harness.errorResponse(429));

    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertClass(FailureClass.RETRYABLE, e);
    assertNull(r.retryAfter());
    assertFalse(r.ambiguous());
  }

  @Test
  public void serverErrorsAreRetryable() {
    for (int status : new int[] {500, 502, 503}) {
      GenerationException e = submitFailure(harness.errorResponse(status));

      assertClass(FailureClass.RETRYABLE, e);
      RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
      assertFalse(r.ambiguous(), () -> "HTTP " + status + " is an answer, not ambiguous");
    }
  }

  /**
   * A reset before the vendor read the body: retryable, and nothing was created. Whether it is
   * ambiguous is deliberately not asserted: the client wrote the whole request before the reset, so
   * what it observes (request written, then a reset, no response byte) is exactly what it observes
   * in {@link #resetAfterTheSubmitBodyWasReadIsRetryableAndAmbiguous()}. Only a transport that can
   * prove the body never left (e.g. {@code Expect: 100-continue}) could call it unambiguous; {@link
   * #refusedConnectionIsRetryableAndNotAmbiguous()} covers the case a client can know.
   */
  @Test
  public void resetBeforeTheSubmitBodyIsReadIsRetryable() {
    GenerationException e = submitFailure(Fault.resetBeforeBody());

    assertClass(FailureClass.RETRYABLE, e);
    assertInstanceOf(RetryableProviderException.class, e);
    List<RecordedRequest> submits = recorded(VendorOperation.SUBMIT);
    assertEquals(1, submits.size(), "submitted once, never retried by the provider itself");
    assertFalse(submits.get(0).bodyRead(), "the simulator dropped it before reading the body");
  }

  /**
   * A connection that is refused before any byte of the request is written: retryable and not
   * ambiguous, since the vendor cannot have seen the request. Provoked by sending the provider's
   * requests to a loopback port nobody listens on, through the harness's real transport.
   */
  @Test
  public void refusedConnectionIsRetryableAndNotAmbiguous() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HttpTransport real = harness.transport();
    HttpTransport toClosedPort =
        request -> {
          URI u = request.uri();
          URI refused =
              URI.create(
                  "http://127.0.0.1:"
                      + closedPort
                      + u.getRawPath()
                      + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
          return real.send(
              new HttpRequest(
                  request.method(), refused, request.headers(), request.body(), request.timeout()));
        };
    ImageProvider unreachable =
        harness.factory().create(harness.config(), context(toClosedPort, harness.credentials()));
    PlannedCall call = onlyCall(unreachable.plan(baseRequest().build(), harness.model()));

    GenerationException e = runFailure(unreachable, call);

    assertClass(FailureClass.RETRYABLE, e);
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertFalse(r.ambiguous(), "nothing was sent: " + r.getMessage());
    assertEquals(0, harness.journal().size(), "the simulator received nothing");
  }

  @Test
  public void resetAfterTheSubmitBodyWasReadIsRetryableAndAmbiguous() {
    GenerationException e = ambiguousSubmitFailure(Fault.resetAfterBody());

    assertClass(FailureClass.RETRYABLE, e);
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertTrue(r.ambiguous(), "the vendor may have acted on it: " + r.getMessage());
  }

  /**
   * A submit whose connection was reset after the vendor read it is sent once only. A provider that
   * can list the vendor's recent jobs finds the job the submit created and runs it to its images;
   * any other provider reports the submit as ambiguous.
   */
  @Test
  public void aResetSubmitIsSentOnceAndItsJobFoundWhereTheVendorListsRecentJobs() {
    PlannedCall call = onlyCall(plan(baseRequest().build()));
    harness.injectOnce(VendorOperation.SUBMIT, Fault.resetAfterBody());
    boolean searches = harness.endpoint(VendorOperation.FIND_SUBMITTED) != null;

    if (searches) {
      JobStatus end = new ProviderDriver(provider).run(call);
      JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, end);
      assertEquals(call.part().count(), done.images().size(), "the images of the found job");
      assertFalse(recorded(VendorOperation.FIND_SUBMITTED).isEmpty(), "the recent jobs were read");
    } else {
      RetryableProviderException r =
          assertInstanceOf(RetryableProviderException.class, runFailure(provider, call));
      assertTrue(r.ambiguous(), "the vendor may have acted on it: " + r.getMessage());
    }
    assertEquals(1, recorded(VendorOperation.SUBMIT).size(), "submitted once");
  }

  @Test
  @CapabilityGate(ProviderCapability.CONTENT_REJECTION)
  public void contentRejectionIsNeverRetried() {
    assumeTrue(harness.supports(ProviderCapability.CONTENT_REJECTION));
    PlannedCall call = onlyCall(plan(baseRequest().prompt(harness.rejectedPrompt()).build()));

    GenerationException e = runFailure(provider, call);

    assertInstanceOf(ContentRejectedException.class, e);
    assertClass(FailureClass.CONTENT_REJECTED, e);
    assertFalse(e instanceof RetryableProviderException, "never retried");
  }

  @Test
  @CapabilityGate(value = ProviderCapability.CONTENT_REJECTION, supported = false)
  public void rejectionTriggerProducesImagesWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.CONTENT_REJECTION));
    PlannedCall call = onlyCall(plan(baseRequest().prompt(harness.rejectedPrompt()).build()));

    JobStatus.Succeeded done = driver.succeed(call);

    assertEquals(1, done.images().size());
  }

  @Test
  @CapabilityGate(ProviderCapability.CONTENT_FLAGS)
  public void flaggedImagesAreReported() {
    assumeTrue(harness.supports(ProviderCapability.CONTENT_FLAGS));
    PlannedCall flagged =
        onlyCall(plan(baseRequest().prompt(harness.flaggedPrompt()).count(1).build()));
    PlannedCall clean = onlyCall(plan(baseRequest().count(1).build()));

    List<GeneratedImage> bad = driver.succeed(flagged).images();
    List<GeneratedImage> good = driver.succeed(clean).images();

    assertFalse(bad.isEmpty());
    bad.forEach(img -> assertTrue(img.flagged(), "the vendor flagged it"));
    good.forEach(img -> assertFalse(img.flagged(), "a clean image is not flagged"));
  }

  @Test
  @CapabilityGate(value = ProviderCapability.CONTENT_FLAGS, supported = false)
  public void noImageIsFlaggedWhenUnsupported() {
    assumeFalse(harness.supports(ProviderCapability.CONTENT_FLAGS));
    PlannedCall call = onlyCall(plan(baseRequest().prompt(harness.flaggedPrompt()).build()));

    driver.succeed(call).images().forEach(img -> assertFalse(img.flagged()));
  }

  // ------------------------------------------------------------------------------ security

  @Test
  public void credentialGoesOnlyToTheProvidersOwnHosts() {
    CallPlan plan = plan(baseRequest().count(2).build());
    for (PlannedCall c : plan.calls()) {
      assertImagesAreReal(driver.succeed(c).images(), c.expectedSize());
    }
    if (harness.supports(ProviderCapability.CANCEL)) {
      driver.cancel(driver.start(onlyCall(plan(baseRequest().build()))));
    }

    List<RecordedRequest> all = harness.journal().all();
    assertFalse(all.isEmpty());
    boolean ownHostSawIt = false;
    for (RecordedRequest r : all) {
      boolean own = harness.vendorHosts().contains(r.host());
      for (String secret : harness.credentials().values()) {
        boolean carries = harness.carriesCredential(r, secret);
        assertFalse(carries && !own, () -> "the credential went to a foreign host: " + r);
        ownHostSawIt |= carries && own;
      }
      for (String decoy : decoys().values()) {
        assertFalse(
            harness.carriesCredential(r, decoy), () -> "another vendor's credential sent: " + r);
      }
    }
    // Without this the loop above could pass because carriesCredential never recognises anything.
    assertTrue(ownHostSawIt, "the vendor's own host received the credential");
  }

  @Test
  public void noSecretAppearsInToStringOrMessages() {
    List<String> shown = new ArrayList<>();
    shown.add(harness.config().toString());
    shown.add(String.valueOf(provider));
    ModelCapabilities caps = provider.describe(harness.model());
    shown.add(String.valueOf(caps));
    CallPlan plan = plan(baseRequest().build());
    shown.add(plan.toString());
    PlannedCall call = onlyCall(plan);
    VendorJob job = driver.start(call);
    shown.add(job.toString());
    for (JobStatus s : driver.pollToEnd(job)) {
      shown.add(s.toString());
      if (s instanceof JobStatus.Succeeded ok) {
        ok.images().forEach(img -> shown.add(img.toString()));
      }
    }
    shown.add(transport.toString());
    for (String s : shown) {
      assertNoSecretIn("toString()", s);
    }

    assertNoSecretIn(
        "a wrong-credential failure", runFailure(createProvider(harness.wrongCredentials()), call));
    assertNoSecretIn("a validation failure", submitFailure(harness.errorResponse(422)));
    assertNoSecretIn("a reset", ambiguousSubmitFailure(Fault.resetAfterBody()));
    assertNoSecretIn(
        "a missing-credential failure",
        ProviderDriver.failure(
            () -> new ProviderDriver(createProvider(Map.of())).run(call), "run"));
  }
}
