package io.genport.provider.oxen;

import io.genport.core.domain.PixelSize;
import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.oxen.OxenErrors;
import io.genport.simulators.oxen.OxenSimulator;
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
 * The Oxen provider against a freshly started {@link OxenSimulator}, over the real HttpClient 5
 * transport, in queue or sync mode, with FLUX.2 [pro].
 */
final class OxenHarness extends SimulatorHarness<OxenSimulator, HttpClient5Transport> {
  static final String KEY = "tck-oxen-api-key-5c1e";
  static final String MODEL = "flux-2-pro";

  /** FLUX.2 [pro] on Oxen: one image per generation, no negative prompt, no NSFW flag. */
  private static final Set<ProviderCapability> MODEL_LACKS =
      Set.of(
          ProviderCapability.MULTIPLE_IMAGES_PER_CALL,
          ProviderCapability.NEGATIVE_PROMPT,
          ProviderCapability.CONTENT_FLAGS);

  private final boolean sync;

  private OxenHarness(boolean sync) {
    // Oxen flags no image: with the safety checker on, [nsfw] gives a blacked-out, unflagged image.
    // /images/edit answers with the images: in sync mode there is no job to poll or cancel.
    super(
        OxenSimulator.builder().apiKey(KEY).blackOutNsfw(true).start(),
        new HttpClient5Transport(),
        union(MODEL_LACKS, sync ? SYNCHRONOUS : Set.of()));
    this.sync = sync;
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

  /** Result files are on the hub host. */
  @Override
  public ProviderConfig config() {
    OxenSimulator sim = simulator();
    return sync
        ? simulatorConfig(sim.apiBaseUri(), sim.hubBaseUri(), "mode", "sync")
        : simulatorConfig(sim.apiBaseUri(), sim.hubBaseUri());
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(OxenProviderFactory.CREDENTIAL, KEY);
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
    return simulator().cancelledIds().contains(vendorJobId);
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
            : super.errorResponse(status);
    }
  }

  @Override
  protected Optional<String> leakedNow() {
    HttpClient5Transport.PoolStats s = transport().poolStats();
    return s.leased() == 0 && s.pending() == 0 ? Optional.empty() : Optional.of(s.toString());
  }
}
