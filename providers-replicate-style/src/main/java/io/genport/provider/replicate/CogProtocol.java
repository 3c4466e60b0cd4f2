package io.genport.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.ResolvedModel;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Cog prediction server (a self-hosted Replicate model): {@code POST {base}/predictions} with
 * {@code {"input": ..}} and no authentication, answered synchronously with the finished prediction
 * (a failed run is still HTTP 200), so it is never polled and cannot be cancelled. The model id
 * names the catalog entry whose inputs the server's model takes ({@code flux-schnell}, ...), or
 * {@code generic}. Outputs are data URIs, or URLs when the server uploads them ({@code
 * --upload-url}; allow their host with {@code download-allow}). Thread-safe.
 */
final class CogProtocol implements JobProtocol {
  private final ModelCatalog catalog;
  private final URI base;
  private final Duration timeout;
  private final VendorFailures failures;

  /** Names the answers of servers that send no prediction id. */
  private final AtomicLong unnamed = new AtomicLong();

  /**
   * @param base the server, e.g. {@code http://localhost:5000}
   * @param timeout how long one synchronous prediction may take
   */
  CogProtocol(ModelCatalog catalog, URI base, Duration timeout, VendorFailures failures) {
    this.catalog = catalog;
    this.base = base;
    this.timeout = timeout;
    this.failures = failures;
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.find(model);
    if (spec == null) {
      throw new InvalidRequestException(
          "model",
          "'"
              + model
              + "' names no catalog entry; a cog target names the inputs its server's model takes:"
              + " generic, or one of "
              + String.join(", ", catalog.models().keySet()));
    }
    return new ResolvedModel(model, model, spec);
  }

  @Override
  public List<URI> hosts() {
    return List.of(base);
  }

  /** Every catalog entry, {@code generic} included: each names the inputs a server takes. */
  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("input", input);
    return new VendorCall(
        "POST", URI.create(base + "/predictions"), Map.of(), body.toString(), null);
  }

  @Override
  public Duration submitTimeout() {
    return timeout;
  }

  /** The server: it runs whatever model it was started with. */
  @Override
  public String jobModel(PlannedCall call) {
    return base.getAuthority();
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    JsonNode json = answer.json();
    if (!Predictions.terminal(json)) {
      throw failures.unexpected(
          "answered with status '"
              + Predictions.status(json)
              + "' instead of a finished prediction; only synchronous predictions are supported");
    }
    String id = json.path("id").asText("");
    String jobId = id.isBlank() ? "cog-" + unnamed.incrementAndGet() : id;
    return Predictions.submission(jobId, Map.of(), json, call.part().seed() != null, failures);
  }

  /** Only a job from elsewhere (a resumed one) is unfinished: it cannot be polled. */
  @Override
  public VendorCall status(VendorJob job) {
    throw failures.unexpected("predictions are synchronous; job " + job.id() + " cannot be polled");
  }

  @Override
  public String cannotCancel(VendorJob job) {
    return "cog cannot cancel jobs: its predictions end in the request that creates them";
  }

  /** Cog's 409 "at capacity" means busy, not wrong: try again later. */
  @Override
  public VendorError readError(VendorResponse answer) {
    VendorError e = Predictions.error(answer);
    return answer.status() == 409 ? new VendorError(e.detail(), FailureClass.RETRYABLE) : e;
  }
}
