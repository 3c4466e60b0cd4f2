package io.genport.provider.oxen;

import io.genport.core.domain.PixelSize;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.FaultInjector;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.oxen.OxenErrors;
import io.genport.simulators.oxen.OxenSimulator;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spi.http.HttpTransport;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Oxen provider against a freshly started {@link OxenSimulator}, over the real HttpClient 5
 * transport, in queue or sync mode, with FLUX.2 [pro].
 */
final class OxenHarness implements ProviderHarness {
  static final String KEY = "tck-oxen-api-key-5c1e";
  static final String MODEL = "flux-2-pro";

  final OxenSimulator sim;
  final HttpClient5Transport http;
  private final boolean sync;
  private final Set<ProviderCapability> unsupported;

  private OxenHarness(boolean sync) {
    // Oxen flags no image: with the safety checker on, [nsfw] gives a blacked-out, unflagged image.
    this.sim = OxenSimulator.builder().apiKey(KEY).blackOutNsfw(true).start();
    this.http = new HttpClient5Transport();
    this.sync = sync;
    EnumSet<ProviderCapability> lacks =
        EnumSet.of(
            // FLUX.2 [pro] on Oxen: one image per generation, no negative prompt, no NSFW flag.
            ProviderCapability.MULTIPLE_IMAGES_PER_CALL,
            ProviderCapability.NEGATIVE_PROMPT,
            ProviderCapability.CONTENT_FLAGS);
    if (sync) {
      // /images/edit answers with the images: there is no job to poll or cancel.
      lacks.add(ProviderCapability.QUEUE_STATUS);
      lacks.add(ProviderCapability.CANCEL);
    }
    this.unsupported = Set.copyOf(lacks);
  }

  /** The queue (the default mode). */
  static OxenHarness queue() {
    return new OxenHarness(false);
  }

  /** The synchronous endpoints ({@code mode=sync}). */
  static OxenHarness sync() {
    return new OxenHarness(true);
  }

  @Override
  public ProviderFactory factory() {
    return new OxenProviderFactory();
  }

  @Override
  public ProviderConfig config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", sim.apiBaseUri().toString());
    // Result files are plain http on loopback: they have to be allowed explicitly.
    c.put("download-allow", sim.hubBaseUri().getHost());
    if (sync) {
      c.put("mode", "sync");
    }
    return new ProviderConfig(c);
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(OxenProviderFactory.CREDENTIAL, KEY);
  }

  @Override
  public HttpTransport transport() {
    return http;
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int maxImagesPerCall() {
    return 1;
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
    if (sync) {
      return operation == VendorOperation.SUBMIT ? OxenSimulator.EDIT : null;
    }
    switch (operation) {
      case SUBMIT:
        return OxenSimulator.ENQUEUE;
      case STATUS:
        return OxenSimulator.STATUS;
      case CANCEL:
        return OxenSimulator.CANCEL;
      default:
        // The status read carries the result URL: there is no separate result call.
        return null;
    }
  }

  /** The hub host; result files on it are fetched without the key all the same. */
  @Override
  public Set<String> vendorHosts() {
    return Set.of(OxenSimulator.HUB_HOST);
  }

  @Override
  public boolean cancelRecorded(String vendorJobId) {
    return sim.cancelledIds().contains(vendorJobId);
  }

  /** FLUX.2 [pro] makes 1024 x 1024 exactly: 1:1 at "1 MP". */
  @Override
  public PixelSize exactSize() {
    return new PixelSize(1024, 1024);
  }

  /** Oxen's own error bodies. */
  @Override
  public Fault errorResponse(int status) {
    switch (status) {
      case 404:
        return Fault.respond(OxenErrors.modelNotFound(MODEL));
      case 422:
      case 400:
        return Fault.respond(OxenErrors.invalidParams("aspect_ratio must be one of: 1:1, 16:9"));
      case 429:
        return Fault.respond(OxenErrors.rateLimited());
      default:
        return status >= 500
            ? Fault.respond(OxenErrors.unknownError(status, "Upstream inference provider error"))
            : ProviderHarness.super.errorResponse(status);
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
