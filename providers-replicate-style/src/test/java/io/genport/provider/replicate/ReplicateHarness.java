package io.genport.provider.replicate;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.replicate.ReplicateErrors;
import io.genport.simulators.replicate.ReplicateSimulator;
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
 * The Replicate provider against a fresh {@link ReplicateSimulator} over the real HttpClient 5
 * transport. Predictions move by polls ({@code polls(1, 1)}), so {@code Prefer: wait} answers at
 * once with a {@code starting} prediction and the provider polls. Replicate has no per-image flag;
 * everything else is there.
 */
final class ReplicateHarness extends SimulatorHarness<ReplicateSimulator, HttpClient5Transport> {
  static final String TOKEN = "r8_tck0replicate0token0000000000000000";

  private final String model;

  ReplicateHarness(String model) {
    super(
        ReplicateSimulator.builder().apiToken(TOKEN).start(),
        new HttpClient5Transport(),
        Set.of(ProviderCapability.CONTENT_FLAGS));
    this.model = model;
  }

  @Override
  public ProviderFactory factory() {
    return new ReplicateProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    return simulatorConfig(simulator().baseUri(), simulator().filesBaseUri());
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(ReplicateProviderFactory.CREDENTIAL, TOKEN);
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public int maxImagesPerCall() {
    return 4;
  }

  @Override
  public Endpoint endpoint(VendorOperation operation) {
    switch (operation) {
      case SUBMIT:
        return model.contains(":")
            ? ReplicateSimulator.CREATE_VERSION
            : ReplicateSimulator.CREATE_MODEL;
      case STATUS:
        return ReplicateSimulator.GET;
      case CANCEL:
        return ReplicateSimulator.CANCEL;
      case FIND_SUBMITTED:
        return ReplicateSimulator.LIST;
      default:
        // The output comes with the status: there is no separate result call.
        return null;
    }
  }

  @Override
  public Set<String> vendorHosts() {
    return Set.of(ReplicateSimulator.API_HOST);
  }

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    return simulator().cancelledIds().contains(vendorJobId);
  }

  /** Replicate never flags an image it returns: its safety checker fails the prediction. */
  @Override
  public String flaggedPrompt() {
    return "a quiet harbour at dawn";
  }

  /** Replicate's own problem+json bodies. */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 404:
        return Fault.respond(ReplicateErrors.notFound());
      case 422:
        return Fault.respond(
            ReplicateErrors.inputValidation(
                "input.num_outputs", "Must be less than or equal to 4", "less_than_equal"));
      case 429:
        return Fault.respond(ReplicateErrors.throttled(-1));
      default:
        return Fault.respond(
            ReplicateErrors.problem(status, "Server error", "simulated " + status));
    }
  }

  @Override
  protected Optional<String> leakedNow() {
    HttpClient5Transport.PoolStats s = transport().poolStats();
    return s.leased() == 0 && s.pending() == 0 ? Optional.empty() : Optional.of(s.toString());
  }
}
