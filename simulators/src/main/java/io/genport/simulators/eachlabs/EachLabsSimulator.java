package io.genport.simulators.eachlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.ApiKeyCheck;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageFiles;
import io.genport.simulators.JobPhase;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.KeyedJobSimulator;
import io.genport.simulators.KeyedJobSimulatorBuilder;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A stateful simulator of the Each Labs predictions API ({@code https://api.eachlabs.ai}). Two
 * hosts on 127.0.0.1, sharing state:
 *
 * <ul>
 *   <li>{@link #apiBaseUri()} plays {@code https://api.eachlabs.ai}: create {@code POST
 *       /v1/prediction} (a trailing slash is accepted too), get {@code GET /v1/prediction/{id}},
 *       cancel {@code POST /v1/prediction/{id}/cancel};
 *   <li>{@link #mediaBaseUri()} plays Each Labs' storage: {@code GET /files/{id}.{ext}} serves the
 *       images without authentication, so a test can assert that no key is sent there.
 * </ul>
 *
 * <p><b>Auth:</b> {@code X-API-Key: <key>} (or {@code Authorization: Bearer <key>}, which Each
 * Labs' examples also show) must equal the configured key ({@link #DEFAULT_KEY} unless set), else
 * 401 {@code {"error":"Invalid or missing API key"}}.
 *
 * <p><b>Create:</b> the body is {@code {"model", "version", "input"}} ({@code webhook_url} and
 * {@code webhook_secret} are ignored; {@code version} is recorded, not required, as Each Labs now
 * documents it as ignored). A missing {@code model} or {@code input} is 400 {@code {"error":"model
 * field is required"}} / {@code "input field is required"}; an unknown model is 404 {@code
 * {"error":"Model not found"}}; an {@code input} that does not match the model's schema ({@link
 * EachLabsModels}: required parameters, JSON types, enumerations) is 400 {@code {"error":"Invalid
 * input for model: <every problem>"}}. Otherwise 200 {@code {"status":"success","message":
 * "Prediction created successfully","predictionID":"<id>"}}. How the input is read (sizes of both
 * dialects and the one-offs, counts, seeds) is described on {@code EachLabsInput}.
 *
 * <p><b>Get:</b> 200 {@code {"id","input","status","output","logs","metrics","urls"}}; the status
 * moves {@code starting} (queued), {@code processing}, then {@code success}, {@code failed} (or
 * {@code error}, see {@link Builder#failedStatus(String)}) or {@code cancelled}, driven by {@link
 * JobTiming} (default {@code polls(1, 1)}: the first request sees starting, the second processing,
 * the third the end). On success {@code output} is the image URL (a string) or, for several images,
 * an array of URLs on the media host, and {@code metrics} holds {@code predict_time} and {@code
 * cost} (the per-image price times the count, in USD). A failed prediction's {@code output} is
 * {@code {"error_code","error_message"}}. {@code logs} is a string that grows. An unknown id is 404
 * {@code {"error":"Prediction not found"}}.
 *
 * <p><b>Cancel:</b> 200 {@code {"status":"cancelled","message":"Prediction canceled
 * successfully","predictionID"}} (documented) for a prediction that has not ended, which then reads
 * {@code cancelled}; 400 {@code {"error":"Prediction has already finished"}} for one that has
 * (inferred); 404 for an unknown id.
 *
 * <p><b>Trigger words</b> ({@link io.genport.simulators.TriggerWords}) in the prompt: {@code
 * [reject]} fails the prediction with {@code PROVIDER_REJECTED} (content-safety rejection), {@code
 * [fail]} with {@code PROVIDER_FAILED}, {@code [timeout]} with {@code EXECUTION_TIMEOUT}; {@code
 * [nsfw]} succeeds with black images while the model's safety checker is on.
 *
 * <p><b>Inferred, not confirmed</b> by Each Labs' documentation: the 404 status of an unknown
 * model, the cancel answer for a finished prediction, the output shape for several images (an
 * array), the absence of {@code cost} on failed predictions, the log lines, and that a prediction
 * is created with 200 (not 201). WebP outputs are real (lossless) WebP.
 *
 * <pre>{@code
 * try (EachLabsSimulator each = EachLabsSimulator.builder().apiKey("k").start()) {
 *   URI api = each.apiBaseUri();   // instead of https://api.eachlabs.ai
 *   each.faults().on(EachLabsSimulator.CREATE).times(1).inject(EachLabsFaults.rateLimited(3));
 *   ... run the client ...
 *   assertEquals(1, each.predictionsCreated());
 * }
 * }</pre>
 */
public final class EachLabsSimulator extends KeyedJobSimulator<EachLabsWork> {
  /** Host name of the API host. */
  public static final String API_HOST = "api";

  /** Host name of the media host (image storage). */
  public static final String MEDIA_HOST = "media";

  /** The key expected unless another is configured. */
  public static final String DEFAULT_KEY = "sim-eachlabs-key";

  /** The per-image price unless another is configured: USD 0.003. */
  public static final BigDecimal DEFAULT_PRICE = new BigDecimal("0.003");

  /** Create: {@code POST /v1/prediction}. */
  public static final Endpoint CREATE = Endpoint.named("eachlabs.prediction.create");

  /** Get: {@code GET /v1/prediction/{id}}. */
  public static final Endpoint GET = Endpoint.named("eachlabs.prediction.get");

  /** Cancel: {@code POST /v1/prediction/{id}/cancel}. */
  public static final Endpoint CANCEL = Endpoint.named("eachlabs.prediction.cancel");

  /** Media download: {@code GET /files/{id}.{ext}} on the media host. */
  public static final Endpoint FILE = Endpoint.named("eachlabs.media.file");

  private final ImageFiles files;
  private final EachLabsModels models;
  private final EachLabsInput.Limits limits = new EachLabsInput.Limits();
  private final Map<String, BigDecimal> prices;
  private final BigDecimal defaultPrice;
  private final String failedStatus;

  private EachLabsSimulator(Builder b) {
    super("eachlabs", b);
    this.files = new ImageFiles(clock(), null);
    this.models = b.models;
    this.limits.maxImages = b.maxImages;
    this.limits.maxPixels = b.maxPixels;
    this.limits.acceptImageSizeObjects = b.acceptImageSizeObjects;
    this.prices = Map.copyOf(b.prices);
    this.defaultPrice = b.defaultPrice;
    this.failedStatus = b.failedStatus;

    addHost(API_HOST);
    addHost(MEDIA_HOST);
    route(
        API_HOST, "eachlabs.prediction.create", "POST", "/v1/prediction", authorized(this::create));
    route(API_HOST, "eachlabs.prediction.get", "GET", "/v1/prediction/{id}", authorized(this::get));
    route(
        API_HOST,
        "eachlabs.prediction.cancel",
        "POST",
        "/v1/prediction/{id}/cancel",
        authorized(this::cancel));
    route(MEDIA_HOST, "eachlabs.media.file", "GET", "/files/{name}", this::file);
  }

  /** A builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EachLabsSimulator start() {
    super.start();
    return this;
  }

  /** The stand-in for {@code https://api.eachlabs.ai}. */
  public URI apiBaseUri() {
    return baseUri(API_HOST);
  }

  /** The stand-in for Each Labs' image storage (output URLs point here). */
  public URI mediaBaseUri() {
    return baseUri(MEDIA_HOST);
  }

  /** The schema table the simulator validates against. */
  public EachLabsModels models() {
    return models;
  }

  // ---------------------------------------------------------------- counters for tests

  /** Number of create requests that arrived (faulted and rejected ones included). */
  public int createCount() {
    return requests().count(Endpoint.of("POST", "/v1/prediction").onHost(API_HOST));
  }

  /** Number of predictions created. */
  public int predictionsCreated() {
    return jobs.size();
  }

  /** All predictions, in creation order. */
  public List<EachLabsPrediction> predictions() {
    return jobs.all().stream()
        .map(EachLabsPrediction::new)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The prediction with this id. */
  public Optional<EachLabsPrediction> prediction(String id) {
    return jobs.find(id).map(EachLabsPrediction::new);
  }

  /** Ids of the predictions a cancel request took effect on, in creation order. */
  public List<String> cancelledIds() {
    return jobs.cancelledIds();
  }

  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return otherMethodMatched
        ? EachLabsErrors.error(405, "Method not allowed")
        : EachLabsErrors.error(404, "Not found");
  }

  @Override
  protected void onReset() {
    super.onReset();
    files.clear();
  }

  // ---------------------------------------------------------------- routes

  private SimResponse create(SimRequest r) {
    JsonNode body;
    try {
      body = r.body().length == 0 ? null : Json.mapper().readTree(r.body());
    } catch (IOException e) {
      return EachLabsErrors.error(400, "Invalid request body");
    }
    if (body == null || !body.isObject()) {
      return EachLabsErrors.error(400, "Invalid request body");
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      return EachLabsErrors.error(400, "model field is required");
    }
    JsonNode input = body.get("input");
    if (input == null || !input.isObject()) {
      return EachLabsErrors.error(400, "input field is required");
    }
    Optional<EachLabsModels.Model> spec = models.find(model.asText());
    if (spec.isEmpty()) {
      return EachLabsErrors.modelNotFound();
    }
    EachLabsInput in = EachLabsInput.read(spec.get(), input, limits, this::randomLong);
    if (in.problem != null) {
      return EachLabsErrors.invalidInput(in.problem);
    }
    JsonNode version = body.get("version");
    String failure = failureFor(in.generation);
    SimJob<EachLabsWork> job =
        jobs.create(
            newId(),
            new EachLabsWork(
                model.asText(),
                version == null || version.isNull() ? null : version.asText(),
                input.deepCopy(),
                in.generation,
                failure));
    ObjectNode out = Json.object();
    out.put("status", "success");
    out.put("message", "Prediction created successfully");
    out.put("predictionID", job.id());
    return SimResponse.json(200, out);
  }

  private SimResponse get(SimRequest r) {
    SimJob<EachLabsWork> job = jobs.find(r.pathParam("id")).orElse(null);
    if (job == null) {
      return EachLabsErrors.predictionNotFound();
    }
    return SimResponse.json(200, predictionJson(job, job.poll()));
  }

  private SimResponse cancel(SimRequest r) {
    SimJob<EachLabsWork> job = jobs.find(r.pathParam("id")).orElse(null);
    if (job == null) {
      return EachLabsErrors.predictionNotFound();
    }
    if (!job.cancel()) {
      return EachLabsErrors.error(400, "Prediction has already finished");
    }
    ObjectNode out = Json.object();
    out.put("status", "cancelled");
    out.put("message", "Prediction canceled successfully");
    out.put("predictionID", job.id());
    return SimResponse.json(200, out);
  }

  private SimResponse file(SimRequest r) {
    return files
        .downloadFile(r.pathParam("name"))
        .orElseGet(() -> EachLabsErrors.error(404, "Not found"));
  }

  // ---------------------------------------------------------------- helpers

  private ObjectNode predictionJson(SimJob<EachLabsWork> job, JobPhase phase) {
    EachLabsWork work = job.spec();
    EachLabsGeneration g = work.generation;
    ObjectNode body = Json.object();
    body.put("id", job.id());
    body.set("input", work.input.deepCopy());
    ObjectNode metrics = Json.object();
    String logs = null;
    if (phase == JobPhase.QUEUED) {
      body.put("status", "starting");
      body.putNull("output");
    } else if (phase == JobPhase.RUNNING) {
      body.put("status", "processing");
      body.putNull("output");
      logs = "Loading model\nGenerating " + g.count() + " image(s)\n";
    } else if (job.cancelled()) {
      body.put("status", "cancelled");
      body.putNull("output");
    } else if (work.failureCode != null) {
      body.put("status", failedStatus);
      body.set(
          "output",
          Json.mapper()
              .valueToTree(
                  EachLabsErrors.failureOutput(
                      work.failureCode, EachLabsErrors.messageOf(work.failureCode))));
      logs = "Loading model\nGenerating " + g.count() + " image(s)\n";
      metrics.put("predict_time", predictSeconds(g));
    } else {
      body.put("status", "success");
      List<String> urls = work.files(() -> publish(g));
      if (urls.size() == 1) {
        body.put("output", urls.get(0));
      } else {
        ArrayNode arr = body.putArray("output");
        urls.forEach(arr::add);
      }
      logs = "Loading model\nGenerating " + g.count() + " image(s)\nGeneration finished\n";
      metrics.put("predict_time", predictSeconds(g));
      metrics.put("cost", price(work.model).multiply(BigDecimal.valueOf(g.count())));
    }
    if (logs == null) {
      body.putNull("logs");
    } else {
      body.put("logs", logs);
    }
    body.set("metrics", metrics);
    String self = apiBaseUri() + "/v1/prediction/" + job.id();
    ObjectNode urls = body.putObject("urls");
    urls.put("cancel", self + "/cancel");
    urls.put("get", self);
    return body;
  }

  private List<String> publish(EachLabsGeneration g) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < g.count(); i++) {
      String name =
          files.putFile(
              newId(),
              new ImageFiles.Image(
                  g.prompt(), g.seed() + i, g.width(), g.height(), g.format(), g.flagged()));
      urls.add(mediaBaseUri() + "/files/" + name);
    }
    return urls;
  }

  private BigDecimal price(String model) {
    return prices.getOrDefault(model, defaultPrice);
  }

  @Override
  protected SimResponse authorize(SimRequest r) {
    Optional<String> key =
        r.header("X-API-Key")
            .or(() -> ApiKeyCheck.authorization(r, "Bearer", false))
            .filter(k -> !k.isBlank());
    return keyCheck.accepts(key) ? null : EachLabsErrors.unauthorized();
  }

  private static String failureFor(EachLabsGeneration g) {
    switch (g.outcome()) {
      case REJECT:
        return EachLabsErrors.PROVIDER_REJECTED;
      case FAIL:
        return EachLabsErrors.PROVIDER_FAILED;
      case TIMEOUT:
        return EachLabsErrors.EXECUTION_TIMEOUT;
      default:
        return null;
    }
  }

  /** A plausible, repeatable prediction time in seconds. */
  private static double predictSeconds(EachLabsGeneration g) {
    int h = Objects.hash(g.prompt(), g.seed(), g.width(), g.height());
    return 1.5 + Math.floorMod(h, 3000) / 1000.0;
  }

  /** Configures an {@link EachLabsSimulator}; {@link #start()} builds and starts it. */
  public static final class Builder extends KeyedJobSimulatorBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    private EachLabsModels models = EachLabsModels.bundled();
    private int maxImages = 8;
    private long maxPixels = 17_000_000L;
    private boolean acceptImageSizeObjects;
    private final Map<String, BigDecimal> prices = new HashMap<>();
    private BigDecimal defaultPrice = DEFAULT_PRICE;
    private String failedStatus = "failed";

    private Builder() {
      super(DEFAULT_KEY);
    }

    /** Largest image count per prediction (a simulator limit; default 8). */
    public Builder maxImages(int max) {
      this.maxImages = max;
      return this;
    }

    /** Largest image rendered, in pixels (a simulator memory guard; default 17,000,000). */
    public Builder maxPixels(long max) {
      this.maxPixels = max;
      return this;
    }

    /**
     * Accept fal's {@code {"width", "height"}} object in {@code image_size} although the schema
     * types it as a string enumeration (default false: such input is invalid, as Each Labs' schema
     * says). Models Each Labs passing the input through to fal unchecked.
     */
    public Builder acceptImageSizeObjects(boolean accept) {
      this.acceptImageSizeObjects = accept;
      return this;
    }

    /** The price per image of every model without its own (default {@link #DEFAULT_PRICE}). */
    public Builder defaultPrice(BigDecimal perImage) {
      this.defaultPrice = Objects.requireNonNull(perImage, "perImage");
      return this;
    }

    /** The price per image of one model, in USD. */
    public Builder price(String model, BigDecimal perImage) {
      prices.put(model, Objects.requireNonNull(perImage, "perImage"));
      return this;
    }

    /**
     * The status word of a failed prediction: {@code failed} (default, as Each Labs' API reference
     * lists) or {@code error} (as its prediction guide shows).
     */
    public Builder failedStatus(String status) {
      if (!status.equals("failed") && !status.equals("error")) {
        throw new IllegalArgumentException("failed status must be 'failed' or 'error'");
      }
      this.failedStatus = status;
      return this;
    }

    /** Builds and starts the simulator. */
    public EachLabsSimulator start() {
      return new EachLabsSimulator(this).start();
    }
  }
}
