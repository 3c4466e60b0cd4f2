package io.genport.spitck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Endpoint;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.fal.FalSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransport;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The kit's own checks: defaults, naming and gating conventions, and the driver's bounds. */
class ContractKitTest {

  /** A harness that fills in only what the interface requires, to read the defaults. */
  static final class MinimalHarness implements ProviderHarness {
    @Override
    public ProviderFactory factory() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ProviderConfig config() {
      return ProviderConfig.empty();
    }

    @Override
    public Map<String, String> credentials() {
      return Map.of("ACME_KEY", "acme-secret-1", "ACME_ID", "acme-id-2");
    }

    @Override
    public HttpTransport transport() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String model() {
      return "acme/model";
    }

    @Override
    public int maxImagesPerCall() {
      return 1;
    }

    @Override
    public RequestJournal journal() {
      throw new UnsupportedOperationException();
    }

    @Override
    public FaultInjector faults() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Endpoint endpoint(VendorOperation operation) {
      return null;
    }

    @Override
    public Set<String> vendorHosts() {
      return Set.of("api");
    }

    @Override
    public boolean cancelRecorded(String vendorJobId) {
      return false;
    }

    @Override
    public void close() {}
  }

  @Test
  void everyCapabilityIsSupportedByDefault() {
    ProviderHarness h = new MinimalHarness();
    for (ProviderCapability c : ProviderCapability.values()) {
      assertTrue(h.supports(c), c + " defaults to supported");
    }
  }

  @Test
  void wrongCredentialsHaveTheSameNamesAndOtherValues() {
    ProviderHarness h = new MinimalHarness();
    Map<String, String> wrong = h.wrongCredentials();
    assertEquals(h.credentials().keySet(), wrong.keySet());
    h.credentials().forEach((k, v) -> assertNotEquals(v, wrong.get(k)));
    wrong.values().forEach(v -> assertFalse(v.contains("acme-secret-1")));
  }

  @Test
  void injectingIntoAnOperationTheProtocolLacksIsAnError() {
    ProviderHarness h = new MinimalHarness();
    assertThrows(
        IllegalArgumentException.class,
        () -> h.injectOnce(VendorOperation.STATUS, io.genport.simulators.Fault.status(500)));
  }

  /** The default seed and credential recognisers, on a request a real simulator recorded. */
  @Test
  void defaultRecognisersReadARecordedRequest() throws Exception {
    try (FalSimulator sim = FalSimulator.builder().apiKey("acme-secret-1").start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> r =
          http.send(
              java.net.http.HttpRequest.newBuilder(URI.create(sim.queueBaseUri() + "/acme/model"))
                  .header("Authorization", "Key acme-secret-1")
                  .header("Content-Type", "application/json")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"prompt\":\"x\",\"options\":{\"seed\":\"0\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      RecordedRequest recorded = sim.requests().all().get(0);
      ProviderHarness h = new MinimalHarness();

      assertEquals(0L, h.seedSent(recorded).orElseThrow(), "a nested string seed 0 is found, as 0");
      assertTrue(h.carriesCredential(recorded, "acme-secret-1"));
      assertFalse(h.carriesCredential(recorded, "acme-id-2"));
    }
  }

  /**
   * Rule: every capability has at least one test that exercises it and one that checks the
   * unsupported outcome, the latter named {@code *WhenUnsupported}.
   */
  @Test
  void everyCapabilityHasAPositiveAndANegativeTest() {
    Map<ProviderCapability, List<String>> positive = new EnumMap<>(ProviderCapability.class);
    Map<ProviderCapability, List<String>> negative = new EnumMap<>(ProviderCapability.class);
    for (Method m : ProviderContractTest.class.getDeclaredMethods()) {
      CapabilityGate gate = m.getAnnotation(CapabilityGate.class);
      if (gate == null) {
        continue;
      }
      assertTrue(
          m.isAnnotationPresent(Test.class), m.getName() + " is gated but is not a @Test method");
      (gate.supported() ? positive : negative)
          .computeIfAbsent(gate.value(), c -> new ArrayList<>())
          .add(m.getName());
      if (!gate.supported()) {
        assertTrue(
            m.getName().endsWith("WhenUnsupported"),
            m.getName() + ": negative capability tests are named *WhenUnsupported");
      } else {
        assertFalse(m.getName().endsWith("WhenUnsupported"), m.getName());
      }
    }
    for (ProviderCapability c : ProviderCapability.values()) {
      assertTrue(positive.containsKey(c), c + " has no test that exercises it");
      assertEquals(1, negative.getOrDefault(c, List.of()).size(), c + " needs one negative test");
    }
  }

  /** Third parties' subclasses in other packages must see and be able to run every test. */
  @Test
  void contractTestsArePublicInstanceMethods() {
    int tests = 0;
    for (Method m : ProviderContractTest.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Test.class)) {
        tests++;
        assertTrue(Modifier.isPublic(m.getModifiers()), m.getName() + " is public");
        assertFalse(Modifier.isStatic(m.getModifiers()), m.getName());
      }
    }
    assertTrue(tests >= 30, "the contract has its tests: " + tests);
  }

  /** A provider whose jobs never end, and whose start fails with a raw exception on request. */
  static final class StuckProvider implements ImageProvider {
    @Override
    public String name() {
      return "stuck";
    }

    @Override
    public ModelCapabilities describe(String model) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CallPlan plan(GenerationRequest request, String model) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<VendorJob> start(PlannedCall call) {
      return CompletableFuture.failedFuture(new IllegalStateException("raw"));
    }

    @Override
    public CompletableFuture<JobStatus> poll(VendorJob job) {
      return CompletableFuture.completedFuture(new JobStatus.Running(List.of()));
    }
  }

  @Test
  void pollingIsBounded() {
    ProviderDriver d = new ProviderDriver(new StuckProvider());
    VendorJob job = new VendorJob(new Target("stuck", "m"), "j1", Map.of());

    AssertionError e = assertThrows(AssertionError.class, () -> d.pollToEnd(job));

    assertTrue(e.getMessage().contains(Integer.toString(ProviderDriver.MAX_POLLS)));
  }

  @Test
  void unclassifiedFailuresFailTheTestAndClassifiedOnesAreUnwrapped() {
    assertThrows(
        AssertionError.class, () -> ProviderDriver.await(new StuckProvider().start(null), "start"));

    NonRetryableProviderException cause = new NonRetryableProviderException("no");
    assertSame(
        cause,
        ProviderDriver.failure(CompletableFuture.failedFuture(cause), "something"),
        "the classified failure itself, not a wrapper");
    assertThrows(
        AssertionError.class,
        () -> ProviderDriver.failure(CompletableFuture.completedFuture("ok"), "something"));
  }

  @Test
  void recordingTransportRecordsAndDelegates() {
    List<HttpRequest> seen = new ArrayList<>();
    RecordingTransport t =
        new RecordingTransport(
            r -> {
              seen.add(r);
              return new CompletableFuture<>();
            });
    HttpRequest req = HttpRequest.get(URI.create("http://127.0.0.1:1/x"), Map.of());

    t.send(req);

    assertEquals(List.of(req), t.sent());
    assertEquals(List.of(req), seen);
    assertEquals(1, t.count());
  }
}
