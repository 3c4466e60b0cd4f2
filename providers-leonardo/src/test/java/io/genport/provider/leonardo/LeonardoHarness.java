package io.genport.provider.leonardo;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.leonardo.LeonardoErrors;
import io.genport.simulators.leonardo.LeonardoSimulator;
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
 * The Leonardo provider against a freshly started {@link LeonardoSimulator}, over the real
 * HttpClient 5 transport, with Leonardo Phoenix 1.0, which does everything but cancel (Leonardo has
 * no cancel).
 */
final class LeonardoHarness extends SimulatorHarness<LeonardoSimulator, HttpClient5Transport> {
  static final String KEY = "tck-leonardo-api-key-7d2a";
  static final String MODEL = "phoenix-1.0";

  LeonardoHarness() {
    super(
        LeonardoSimulator.builder().apiKey(KEY).start(),
        new HttpClient5Transport(),
        Set.of(ProviderCapability.CANCEL));
  }

  @Override
  public ProviderFactory factory() {
    return new LeonardoProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    LeonardoSimulator sim = simulator();
    return simulatorConfig(sim.apiBaseUri(), sim.cdnBaseUri(), "poll-interval-ms", "100");
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(LeonardoProviderFactory.CREDENTIAL, KEY);
  }

  @Override
  public String model() {
    return MODEL;
  }

  /** 1..8 per call; the count limit above 768 a side is the model's too, and tested there. */
  @Override
  public int maxImagesPerCall() {
    return 8;
  }

  @Override
  public Endpoint endpoint(VendorOperation operation) {
    switch (operation) {
      case SUBMIT:
        return LeonardoSimulator.CREATE;
      case STATUS:
        return LeonardoSimulator.STATUS;
      default:
        // The status read carries the image URLs, and Leonardo has no cancel.
        return null;
    }
  }

  /** The API host; images on the CDN host are fetched without the key. */
  @Override
  public Set<String> vendorHosts() {
    return Set.of(LeonardoSimulator.CLOUD_HOST);
  }

  /** Leonardo's own error bodies. */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 402:
        return Fault.respond(LeonardoErrors.notEnoughTokens(402));
      case 404:
        return Fault.respond(LeonardoErrors.noRoute());
      case 429:
        return Fault.respond(LeonardoErrors.rateLimited());
      default:
        return status >= 500
            ? Fault.respond(LeonardoErrors.serverError(status))
            : Fault.respond(
                LeonardoErrors.error(
                    status,
                    "num_images must be between 1 and 4 when width or height is over 768",
                    "$.num_images",
                    "validation-failed"));
    }
  }

  @Override
  protected Optional<String> leakedNow() {
    HttpClient5Transport.PoolStats s = transport().poolStats();
    return s.leased() == 0 && s.pending() == 0 ? Optional.empty() : Optional.of(s.toString());
  }
}
