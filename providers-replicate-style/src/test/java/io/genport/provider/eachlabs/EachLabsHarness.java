package io.genport.provider.eachlabs;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.eachlabs.EachLabsErrors;
import io.genport.simulators.eachlabs.EachLabsSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Each Labs provider against a freshly started {@link EachLabsSimulator}, over the real
 * HttpClient 5 transport, with one catalog model.
 */
final class EachLabsHarness implements ProviderHarness {
  static final String KEY = "tck-eachlabs-key-7d2e";

  final EachLabsSimulator sim;
  final HttpClient5Transport http;
  private final String model;
  private final int maxImagesPerCall;
  private final Set<ProviderCapability> unsupported;

  private EachLabsHarness(String model, int maxImagesPerCall, Set<ProviderCapability> lacks) {
    this.sim = EachLabsSimulator.builder().apiKey(KEY).start();
    this.http = new HttpClient5Transport();
    this.model = model;
    this.maxImagesPerCall = maxImagesPerCall;
    EnumSet<ProviderCapability> all = EnumSet.noneOf(ProviderCapability.class);
    all.addAll(lacks);
    // Each Labs reports no per-image safety flags: a flagged output is filtered or fails.
    all.add(ProviderCapability.CONTENT_FLAGS);
    this.unsupported = Set.copyOf(all);
  }

  /** {@code model}, returning at most {@code maxImagesPerCall} per call, lacking {@code lacks}. */
  static EachLabsHarness of(String model, int maxImagesPerCall, ProviderCapability... lacks) {
    return new EachLabsHarness(model, maxImagesPerCall, Set.of(lacks));
  }

  @Override
  public ProviderFactory factory() {
    return new EachLabsProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    return new ProviderConfig(
        Map.of(
            "base-url",
            sim.apiBaseUri().toString(),
            // The media host is plain http on loopback: it has to be allowed explicitly.
            "download-allow",
            sim.mediaBaseUri().getHost()));
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(EachLabsProviderFactory.CREDENTIAL, KEY);
  }

  @Override
  public HttpTransport transport() {
    return http;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public int maxImagesPerCall() {
    return maxImagesPerCall;
  }

  @Override
  public RequestJournal journal() {
    return sim.requests();
  }

  @Override
  public FaultInjector faults() {
    return sim.faults();
  }

  @Override
  public Endpoint endpoint(VendorOperation operation) {
    switch (operation) {
      case SUBMIT:
        return EachLabsSimulator.CREATE;
      case STATUS:
        return EachLabsSimulator.GET;
      case CANCEL:
        return EachLabsSimulator.CANCEL;
      default:
        // The output URLs come with the status: there is no separate result call.
        return null;
    }
  }

  @Override
  public Set<String> vendorHosts() {
    return Set.of(EachLabsSimulator.API_HOST);
  }

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    return sim.cancelledIds().contains(vendorJobId);
  }

  /** Each Labs' own error body, {@code {"error": "..."}}, with its documented messages. */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 404:
        return Fault.respond(EachLabsErrors.modelNotFound());
      case 422:
        return Fault.respond(EachLabsErrors.error(422, "Invalid input for model"));
      case 429:
        return Fault.respond(
            EachLabsErrors.error(429, "Rate limit exceeded. Please retry after 60 seconds."));
      case 500:
        return Fault.respond(EachLabsErrors.createFailed());
      default:
        return Fault.respond(EachLabsErrors.error(status, "simulated HTTP " + status));
    }
  }

  @Override
  public boolean supports(ProviderCapability capability) {
    return !unsupported.contains(capability);
  }

  /** Waits, bounded, for released connections to settle, then requires none leased. */
  @Override
  public void verifyNoLeaks() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    HttpClient5Transport.PoolStats s = http.poolStats();
    while ((s.leased() > 0 || s.pending() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      s = http.poolStats();
    }
    if (s.leased() != 0 || s.pending() != 0) {
      throw new AssertionError("the transport leaked connections: " + s);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } finally {
      sim.close();
    }
  }
}
