package io.genport.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.ProviderContext;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Cog prediction server (a self-hosted Replicate model): {@code POST {base}/predictions} with
 * {@code {"input": ..}} and no authentication, answered synchronously with the finished prediction
 * (a failed run is still HTTP 200). The model id names the catalog entry whose inputs the server's
 * model takes ({@code flux-schnell}, ...), or {@code generic}. Outputs are data URIs, or URLs when
 * the server uploads them ({@code --upload-url}; allow their host with {@code download-allow}).
 * Thread-safe.
 */
final class CogProvider implements ImageProvider {
  static final String NAME = "cog";

  private final ModelCatalog catalog;
  private final ProviderContext context;
  private final URI base;
  private final Duration timeout;
  private final Predictions predictions;
  private final AtomicLong unnamed = new AtomicLong();

  CogProvider(
      ModelCatalog catalog,
      ProviderContext context,
      URI base,
      Duration timeout,
      DownloadPolicy downloads) {
    this.catalog = catalog;
    this.context = context;
    this.base = base;
    this.timeout = timeout;
    this.predictions =
        new Predictions(NAME, context, new ResultDownloader(context.transport(), downloads));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every catalog entry, {@code generic} included: each names the inputs a server takes. */
  @Override
  public List<String> models() {
    return List.copyOf(catalog.models().keySet());
  }

  @Override
  public ModelCapabilities describe(String model) {
    return spec(model).capabilities();
  }

  private ModelSpec spec(String model) {
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
    return spec;
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ModelSpec spec = spec(model);
    Translation t = NativeTranslator.translate(request, spec, NAME, context.random());
    URI uri = URI.create(base + "/predictions");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      ObjectNode body = context.json().createObjectNode();
      body.set("input", t.bodies().get(i));
      calls.add(
          new PlannedCall(
              t.negotiated().parts().get(i),
              new NativeCall("POST", uri, headers, null, body.toString()),
              t.negotiated().size().choice().pixels()));
    }
    return new CallPlan(new Target(NAME, model), t.negotiated(), calls);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    NativeCall c = call.call();
    HttpRequest req =
        new HttpRequest(
            "POST",
            c.uri(),
            c.headers(),
            c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8),
            timeout);
    Long seed = call.part().seed();
    return context
        .transport()
        .send(req)
        .handle(
            (resp, err) -> {
              if (err != null) {
                throw HttpFailures.forTransport(NAME, err);
              }
              return resp;
            })
        .thenCompose(resp -> finished(resp, seed));
  }

  private CompletableFuture<VendorJob> finished(HttpResponse resp, Long seed) {
    JsonNode json = predictions.readJson(resp, true);
    if (resp.status() != 200) {
      throw error(resp, json);
    }
    if (!Predictions.terminal(json)) {
      throw new NonRetryableProviderException(
          "the cog server answered with status '"
              + Predictions.status(json)
              + "' instead of a finished prediction; only synchronous predictions are supported");
    }
    String id = json.path("id").asText("");
    String jobId = id.isBlank() ? "cog-" + unnamed.incrementAndGet() : id;
    Map<String, String> attrs = new LinkedHashMap<>();
    Double predictTime = Predictions.predictTime(json);
    if (predictTime != null) {
      attrs.put("predict_time", predictTime.toString());
    }
    if (seed != null) {
      attrs.put("seed", seed.toString());
    }
    Target target = new Target(NAME, base.getAuthority());
    return predictions
        .terminalStatus(json, seed)
        .thenApply(status -> new VendorJob(target, jobId, attrs, status));
  }

  /** Cog's 409 "at capacity" means busy, not wrong: try again later. */
  private GenerationException error(HttpResponse resp, JsonNode json) {
    if (resp.status() == 409) {
      return new RetryableProviderException(
          "the cog server is busy (HTTP 409): " + Predictions.detail(json),
          HttpFailures.retryAfter(resp.header("Retry-After"), context.clock()),
          false,
          null);
    }
    return predictions.error(resp, json);
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(job.finished());
    }
    return CompletableFuture.failedFuture(
        new NonRetryableProviderException(
            "cog predictions are synchronous; job " + job.id() + " cannot be polled"));
  }
}
