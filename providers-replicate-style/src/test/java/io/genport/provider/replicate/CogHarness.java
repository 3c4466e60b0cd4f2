package io.genport.provider.replicate;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.replicate.CogSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Cog provider against a fresh {@link CogSimulator} (FLUX inputs, data-URI outputs) over the
 * real HttpClient 5 transport, on {@code cog:generic}. Cog answers every prediction in the request
 * that creates it, takes no credential and has no per-image flag.
 */
final class CogHarness implements ProviderHarness {
  final CogSimulator sim;
  final HttpClient5Transport http;

  CogHarness() {
    this.sim = CogSimulator.builder().start();
    this.http = new HttpClient5Transport();
  }

  @Override
  public ProviderFactory factory() {
    return new CogProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    return new ProviderConfig(Map.of("base-url", sim.baseUri().toString()));
  }

  /** None: a Cog server takes no credential. */
  @Override
  public Map<String, String> credentials() {
    return Map.of();
  }

  @Override
  public HttpTransport transport() {
    return http;
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
  public RequestJournal journal() {
    return sim.requests();
  }

  @Override
  public FaultInjector faults() {
    return sim.faults();
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

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    return sim.cancelledIds().contains(vendorJobId);
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
  public boolean supports(ProviderCapability capability) {
    switch (capability) {
      case CANCEL: // a prediction has ended when its request answers
      case QUEUE_STATUS: // synchronous: nothing to poll
      case CONTENT_FLAGS: // no per-image flag
        return false;
      default:
        return true;
    }
  }

  @Override
  public void verifyNoLeaks() {
    TestSupport.verifyNoLeaks(http);
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
