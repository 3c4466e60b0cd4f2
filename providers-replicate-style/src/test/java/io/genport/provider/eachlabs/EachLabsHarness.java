package io.genport.provider.eachlabs;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.eachlabs.EachLabsErrors;
import io.genport.simulators.eachlabs.EachLabsSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.SimulatorHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Each Labs provider against a freshly started {@link EachLabsSimulator}, over the real
 * HttpClient 5 transport, with one catalog model.
 */
final class EachLabsHarness extends SimulatorHarness<EachLabsSimulator, HttpClient5Transport> {
  static final String KEY = "tck-eachlabs-key-7d2e";

  private final String model;
  private final int maxImagesPerCall;

  private EachLabsHarness(String model, int maxImagesPerCall, Set<ProviderCapability> lacks) {
    // Each Labs reports no per-image safety flags: a flagged output is filtered or fails.
    super(
        EachLabsSimulator.builder().apiKey(KEY).start(),
        new HttpClient5Transport(),
        union(lacks, Set.of(ProviderCapability.CONTENT_FLAGS)));
    this.model = model;
    this.maxImagesPerCall = maxImagesPerCall;
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
    return simulatorConfig(simulator().apiBaseUri(), simulator().mediaBaseUri());
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(EachLabsProviderFactory.CREDENTIAL, KEY);
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
    return simulator().cancelledIds().contains(vendorJobId);
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
  protected Optional<String> leakedNow() {
    HttpClient5Transport.PoolStats s = transport().poolStats();
    return s.leased() == 0 && s.pending() == 0 ? Optional.empty() : Optional.of(s.toString());
  }
}
