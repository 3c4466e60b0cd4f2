package io.genport.provider.replicate;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.replicate.CogSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.SimulatorHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Cog provider against a fresh {@link CogSimulator} (FLUX inputs, data-URI outputs) over the
 * real HttpClient 5 transport, on {@code cog:generic}. Cog answers every prediction in the request
 * that creates it (so a prediction has ended when it could be cancelled, and there is nothing to
 * poll), takes no credential and has no per-image flag.
 */
final class CogHarness extends SimulatorHarness<CogSimulator, HttpClient5Transport> {
  CogHarness() {
    super(
        CogSimulator.builder().start(),
        new HttpClient5Transport(),
        union(SYNCHRONOUS, Set.of(ProviderCapability.CONTENT_FLAGS)));
  }

  @Override
  public ProviderFactory factory() {
    return new CogProviderFactory();
  }

  /** The outputs are data URIs: nothing is downloaded. */
  @Override
  public ProviderConfig config() {
    return simulatorConfig(simulator().baseUri(), null);
  }

  /** None: a Cog server takes no credential. */
  @Override
  public Map<String, String> credentials() {
    return Map.of();
  }

  @Override
  public String model() {
    return "generic";
  }

  @Override
  public int maxImagesPerCall() {
    return 4;
  }

  @Override
  public Endpoint endpoint(VendorOperation operation) {
    // The one synchronous request; nothing is polled, fetched or cancelled.
    return operation == VendorOperation.SUBMIT ? CogSimulator.PREDICT : null;
  }

  @Override
  public Set<String> vendorHosts() {
    return Set.of(CogSimulator.HOST);
  }

  /** Cog never flags an image it returns: the model's safety checker fails the prediction. */
  @Override
  public String flaggedPrompt() {
    return "a quiet harbour at dawn";
  }

  /** Cog's own bodies: FastAPI's 404, pydantic's 422 and the 409 of a busy server. */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 404:
        return Fault.status(404).withJsonBody(Map.of("detail", "Not Found"));
      case 422:
        return Fault.status(422)
            .withJsonBody(
                Map.of(
                    "detail",
                    List.of(
                        Map.of(
                            "loc",
                            List.of("body", "input", "num_outputs"),
                            "msg",
                            "Input should be less than or equal to 4",
                            "type",
                            "less_than_equal"))));
      default:
        return Fault.status(status)
            .withJsonBody(Map.of("error", "simulated HTTP " + status, "status", "failed"));
    }
  }

  @Override
  protected Optional<String> leakedNow() {
    HttpClient5Transport.PoolStats s = transport().poolStats();
    return s.leased() == 0 && s.pending() == 0 ? Optional.empty() : Optional.of(s.toString());
  }
}
