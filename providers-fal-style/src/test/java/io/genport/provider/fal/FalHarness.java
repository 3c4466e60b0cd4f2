package io.genport.provider.fal;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.SimResponse;
import io.genport.simulators.fal.FalErrors;
import io.genport.simulators.fal.FalSimulator;
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
 * The fal provider against a freshly started {@link FalSimulator}, over the real HttpClient 5
 * transport, in queue or sync mode.
 */
final class FalHarness extends SimulatorHarness<FalSimulator, HttpClient5Transport> {
  static final String KEY = "tck-fal-key-id:tck-fal-key-secret";

  private final boolean sync;
  private final String model;

  private FalHarness(
      FalSimulator.Builder simulator,
      boolean sync,
      String model,
      Set<ProviderCapability> modelLacks) {
    // fal.run answers with the output: in sync mode there is no job to poll or cancel.
    super(
        simulator.apiKey(KEY).start(),
        new HttpClient5Transport(),
        union(modelLacks, sync ? SYNCHRONOUS : Set.of()));
    this.sync = sync;
    this.model = model;
  }

  /** Queue mode (the default mode) with {@code model}, which lacks {@code modelLacks}. */
  static FalHarness queue(String model, ProviderCapability... modelLacks) {
    return new FalHarness(FalSimulator.builder(), false, model, Set.of(modelLacks));
  }

  /** Sync mode ({@code mode=sync}) with {@code model}, which lacks {@code modelLacks}. */
  static FalHarness sync(String model, ProviderCapability... modelLacks) {
    return new FalHarness(FalSimulator.builder(), true, model, Set.of(modelLacks));
  }

  /** Queue or sync mode against a simulator configured by the caller (the key is set here). */
  static FalHarness of(FalSimulator.Builder simulator, boolean sync, String model) {
    return new FalHarness(simulator, sync, model, Set.of());
  }

  /** The provider, created the way the contract tests create it, with the valid key. */
  io.genport.core.port.ImageProvider provider() {
    return factory().create(config(), TestContexts.context(transport(), credentials()));
  }

  @Override
  public ProviderFactory factory() {
    return new FalProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    FalSimulator sim = simulator();
    String queue = sim.queueBaseUri().toString();
    return sync
        ? simulatorConfig(sim.syncBaseUri(), sim.mediaBaseUri(), "queue-url", queue, "mode", "sync")
        : simulatorConfig(sim.syncBaseUri(), sim.mediaBaseUri(), "queue-url", queue);
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(FalProviderFactory.CREDENTIAL, KEY);
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
    if (sync) {
      return operation == VendorOperation.SUBMIT ? FalSimulator.RUN : null;
    }
    switch (operation) {
      case SUBMIT:
        return FalSimulator.SUBMIT;
      case STATUS:
        return FalSimulator.STATUS;
      case RESULT:
        return FalSimulator.RESULT;
      case CANCEL:
        return FalSimulator.CANCEL;
      case FIND_SUBMITTED:
        // fal's queue lists no recent requests: an ambiguous submit stays ambiguous.
        return null;
      default:
        throw new IllegalArgumentException(operation.name());
    }
  }

  @Override
  public Set<String> vendorHosts() {
    return Set.of(FalSimulator.SYNC_HOST, FalSimulator.QUEUE_HOST);
  }

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    return simulator().cancelledRequestIds().contains(vendorJobId);
  }

  /** fal's own error bodies: the detail array for 422, infrastructure errors for 5xx. */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 422:
        return Fault.respond(
            FalErrors.validation(
                List.of(
                    FalErrors.detail(
                        List.of("body", "num_images"),
                        "Input should be less than or equal to 4",
                        "less_than_equal",
                        null,
                        null))));
      case 404:
        return Fault.respond(
            SimResponse.json(404, Map.of("detail", "Application '" + model + "' not found")));
      case 429:
        return Fault.respond(
            SimResponse.json(429, Map.of("detail", "Concurrent request limit exceeded")));
      case 500:
        return Fault.respond(FalErrors.infrastructure("runner_server_error"));
      case 502:
        return Fault.respond(FalErrors.infrastructure("runner_incomplete_response"));
      case 503:
        return Fault.respond(FalErrors.infrastructure("runner_scheduling_failure"));
      case 504:
        return Fault.respond(FalErrors.infrastructure("request_timeout"));
      default:
        return super.errorResponse(status);
    }
  }

  @Override
  protected Optional<String> leakedNow() {
    HttpClient5Transport.PoolStats s = transport().poolStats();
    return s.leased() == 0 && s.pending() == 0 ? Optional.empty() : Optional.of(s.toString());
  }
}
