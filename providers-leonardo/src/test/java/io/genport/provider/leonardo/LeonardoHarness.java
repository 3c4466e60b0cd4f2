package io.genport.provider.leonardo;

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.leonardo.LeonardoErrors;
import io.genport.simulators.leonardo.LeonardoSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Leonardo provider against a freshly started {@link LeonardoSimulator}, over the real
 * HttpClient 5 transport, with Leonardo Phoenix 1.0.
 */
final class LeonardoHarness implements ProviderHarness {
  static final String KEY = "tck-leonardo-api-key-7d2a";
  static final String MODEL = "phoenix-1.0";

  final LeonardoSimulator sim;
  final HttpClient5Transport http;

  LeonardoHarness() {
    this.sim = LeonardoSimulator.builder().apiKey(KEY).start();
    this.http = new HttpClient5Transport();
  }

  @Override
  public ProviderFactory factory() {
    return new LeonardoProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", sim.apiBaseUri().toString());
    // Images are plain http on loopback: they have to be allowed explicitly.
    c.put("download-allow", sim.cdnBaseUri().getHost());
    c.put("poll-interval-ms", "100");
    return new ProviderConfig(c);
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(LeonardoProviderFactory.CREDENTIAL, KEY);
  }

  @Override
  public HttpTransport transport() {
    return http;
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

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    throw new UnsupportedOperationException("Leonardo has no cancel");
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

  /** Leonardo cannot cancel; everything else Phoenix 1.0 does. */
  @Override
  public boolean supports(ProviderCapability capability) {
    return capability != ProviderCapability.CANCEL;
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
