package io.genport.spitck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.simulators.Endpoint;
import io.genport.simulators.fal.FalSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The shared harness plumbing: delegation, capabilities, configuration, leak check and closing. */
class SimulatorHarnessTest {

  /** A transport that sends nothing, reports scripted leaks and can fail to close. */
  static final class FakeTransport implements HttpTransport, AutoCloseable {
    final Deque<Optional<String>> leaks = new ArrayDeque<>();
    int leakChecks;
    int closes;
    Exception closeFailure;

    @Override
    public CompletableFuture<HttpResponse> send(HttpRequest request) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    Optional<String> leaked() {
      leakChecks++;
      return leaks.size() > 1 ? leaks.poll() : leaks.peek();
    }

    @Override
    public void close() throws Exception {
      closes++;
      if (closeFailure != null) {
        throw closeFailure;
      }
    }
  }

  static final class Harness extends SimulatorHarness<FalSimulator, FakeTransport> {
    Duration grace = Duration.ofSeconds(5);

    Harness(Set<ProviderCapability> lacks) {
      super(FalSimulator.builder().start(), new FakeTransport(), lacks);
      transport().leaks.add(Optional.empty());
    }

    @Override
    public ProviderFactory factory() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ProviderConfig config() {
      return simulatorConfig(simulator().syncBaseUri(), simulator().mediaBaseUri());
    }

    @Override
    public Map<String, String> credentials() {
      return Map.of();
    }

    @Override
    public String model() {
      return "fal-ai/flux/dev";
    }

    @Override
    public int maxImagesPerCall() {
      return 4;
    }

    @Override
    public Endpoint endpoint(VendorOperation operation) {
      return null;
    }

    @Override
    public Set<String> vendorHosts() {
      return Set.of(FalSimulator.SYNC_HOST);
    }

    @Override
    protected Optional<String> leakedNow() {
      return transport().leaked();
    }

    @Override
    protected Duration leakGrace() {
      return grace;
    }
  }

  @Test
  void itServesTheSimulatorsJournalAndFaultsAndSupportsAllButWhatItLacks() {
    try (Harness h = new Harness(SimulatorHarness.union(Set.of(), SimulatorHarness.SYNCHRONOUS))) {
      assertSame(h.simulator().requests(), h.journal());
      assertSame(h.simulator().faults(), h.faults());
      assertFalse(h.supports(ProviderCapability.CANCEL));
      assertFalse(h.supports(ProviderCapability.QUEUE_STATUS));
      assertTrue(h.supports(ProviderCapability.CONTENT_FLAGS));
      assertThrows(UnsupportedOperationException.class, () -> h.cancelRecorded("job-1"));
    }
  }

  @Test
  void theConfigurationPointsAtTheSimulatorAndAllowsItsDownloadHost() {
    try (Harness h = new Harness(Set.of())) {
      assertEquals(
          Map.of("base-url", h.simulator().syncBaseUri().toString(), "download-allow", "127.0.0.1"),
          h.config().values());
    }
    URI base = URI.create("http://127.0.0.1:1234/api");
    assertEquals(
        Map.of("base-url", base.toString(), "mode", "sync"),
        SimulatorHarness.simulatorConfig(base, null, "mode", "sync").values());
    assertThrows(
        IllegalArgumentException.class, () -> SimulatorHarness.simulatorConfig(base, null, "mode"));
  }

  @Test
  void aLeakThatClearsWhileTheCheckWaitsIsNoLeak() {
    try (Harness h = new Harness(Set.of())) {
      FakeTransport t = h.transport();
      t.leaks.clear();
      t.leaks.addAll(List.of(Optional.of("leased=1"), Optional.of("leased=1"), Optional.empty()));
      h.verifyNoLeaks();
      assertEquals(3, t.leakChecks);
    }
  }

  @Test
  void aLeakThatStaysFailsWithWhatIsHeld() {
    try (Harness h = new Harness(Set.of())) {
      h.transport().leaks.clear();
      h.transport().leaks.add(Optional.of("leased=2"));
      h.grace = Duration.ZERO;
      AssertionError e = assertThrows(AssertionError.class, h::verifyNoLeaks);
      assertTrue(e.getMessage().contains("leased=2"), e.getMessage());
    }
  }

  @Test
  void closingClosesTheTransportAndTheSimulatorEvenWhenTheTransportFails() {
    Harness h = new Harness(Set.of());
    URI base = h.simulator().syncBaseUri();
    h.transport().closeFailure = new IOException("socket stuck");
    IllegalStateException e = assertThrows(IllegalStateException.class, h::close);
    assertTrue(e.getMessage().contains("socket stuck"), e.getMessage());
    assertEquals(1, h.transport().closes);
    assertThrows(
        IOException.class,
        () -> new Socket(base.getHost(), base.getPort()).close(),
        "the simulator no longer listens");
  }
}
