package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.simulators.Endpoint;
import io.genport.simulators.ImageRenderer;
import io.genport.simulators.Json;
import io.genport.simulators.SimRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.SimulatorBuilder;
import io.genport.simulators.SimulatorServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A simulator of a Cog prediction server (the container Replicate runs, and how a self-hosted model
 * is served), of docs/provider-protocols.md section 2.9. One host on 127.0.0.1, no authentication.
 *
 * <ul>
 *   <li>{@code POST /predictions} {@code {"input":{..},"id"?,"webhook"?,"webhook_events_filter"?}}
 *       runs the model synchronously and answers 200 with the finished prediction: {@code id},
 *       {@code status} ({@code succeeded}, or {@code failed} with {@code error}: a failed run is
 *       still HTTP 200), {@code input}, {@code output}, {@code logs}, {@code metrics.predict_time},
 *       {@code created_at}, {@code started_at}, {@code completed_at}. File outputs are {@code
 *       data:} URIs, or URLs under {@code /uploads/} on this host with {@link
 *       Builder#uploadOutputs(boolean)} (as {@code --upload-url} does). The output is an array, or
 *       one string for {@link ModelRules#withSingleOutput()};
 *   <li>{@code Prefer: respond-async}: 202 with the prediction {@code starting}; it runs in the
 *       background and its {@code webhook} (if any) receives {@code start} and {@code completed}
 *       events (the full prediction, filtered by {@code webhook_events_filter});
 *   <li>{@code PUT /predictions/{id}}: the same, idempotent: repeating an id returns the existing
 *       prediction (200 when finished, 202 while an async one runs);
 *   <li>{@code POST /predictions/{id}/cancel}: 200 {@code {}} (a running prediction ends {@code
 *       canceled}), 404 {@code {}} for an unknown id;
 *   <li>{@code GET /health-check} ({@code READY}) and {@code GET /} (the discovery document).
 * </ul>
 *
 * <p>Input is read by {@link ModelRules} ({@link ModelRules#flux()} by default); invalid input is
 * 422 with pydantic's {@code {"detail":[{"loc":["body","input",..],"msg":..,"type":..}]}}. Trigger
 * words as for {@link ReplicateSimulator}, except that {@code [timeout]} fails the prediction
 * ("Prediction timed out"): Cog has no {@code aborted}. {@link Builder#predictDelay(Duration)}
 * makes every run take that long in real time.
 *
 * <p>Not simulated: streaming ({@code Accept: text/event-stream}), {@code output}/{@code logs}
 * webhook events, the 409 "at capacity" and 503 "setup not finished" answers (inject them as
 * faults), {@code /openapi.json}, shutdown.
 */
public final class CogSimulator extends SimulatorServer {
  /** The only host. */
  public static final String HOST = "cog";

  /** {@code POST /predictions}. */
  public static final Endpoint PREDICT = Endpoint.named("cog.predict");

  /** {@code PUT /predictions/{id}}. */
  public static final Endpoint PUT_PREDICT = Endpoint.named("cog.predict.put");

  /** {@code POST /predictions/{id}/cancel}. */
  public static final Endpoint CANCEL = Endpoint.named("cog.cancel");

  /** {@code GET /uploads/{name}} (outputs with {@link Builder#uploadOutputs(boolean)}). */
  public static final Endpoint UPLOAD = Endpoint.named("cog.upload");

  static final String TIMED_OUT = "Prediction timed out";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

  private final ModelRules rules;
  private final Duration predictDelay;
  private final boolean uploadOutputs;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
  private final List<JsonNode> webhookDeliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong sequence =
      new java.util.concurrent.atomic.AtomicLong();
  private final ExecutorService background;
  private final HttpClient webhookClient;

  private CogSimulator(Builder b) {
    super("cog", b.simulatorOptions());
    this.rules = b.rules;
    this.predictDelay = b.predictDelay;
    this.uploadOutputs = b.uploadOutputs;
    this.background =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "cog-async-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.webhookClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    addHost(HOST);
    route(HOST, "cog.predict", "POST", "/predictions", r -> predict(r, null));
    route(HOST, "cog.cancel", "POST", "/predictions/{id}/cancel", this::cancel);
    route(HOST, "cog.predict.put", "PUT", "/predictions/{id}", r -> predict(r, r.pathParam("id")));
    route(HOST, "cog.health", "GET", "/health-check", r -> health());
    route(HOST, "cog.upload", "GET", "/uploads/{name}", this::upload);
    route(HOST, "cog.root", "GET", "/", r -> root());
  }

  /** A builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CogSimulator start() {
    super.start();
    return this;
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:5000} for a local container. */
  public URI baseUri() {
    return baseUri(HOST);
  }

  /** Number of {@code POST /predictions} and {@code PUT /predictions/{id}} received. */
  public int predictCount() {
    return requests().count(PREDICT) + requests().count(PUT_PREDICT);
  }

  /** The valid generations run so far, in arrival order. */
  public List<ReplicateGeneration> generations() {
    return runs.values().stream()
        .sorted((a, b) -> Long.compare(a.sequence, b.sequence))
        .map(r -> r.generation)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The ids of predictions a cancel took effect on. */
  public Set<String> cancelledIds() {
    return runs.values().stream()
        .filter(r -> r.canceled)
        .map(r -> r.id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Every webhook body delivered, in order. */
  public List<JsonNode> webhookDeliveries() {
    return List.copyOf(webhookDeliveries);
  }

  @Override
  protected SimResponse unmatched(SimRequest request, boolean otherMethodMatched) {
    return SimResponse.json(
        otherMethodMatched ? 405 : 404,
        Map.of("detail", otherMethodMatched ? "Method Not Allowed" : "Not Found"));
  }

  @Override
  protected void onReset() {
    runs.clear();
    uploads.clear();
    webhookDeliveries.clear();
  }

  @Override
  public synchronized void close() {
    background.shutdownNow();
    super.close();
  }

  // ---------------------------------------------------------------- routes

  private SimResponse predict(SimRequest r, String pathId) throws InterruptedException {
    JsonNode body;
    try {
      body = r.body().length == 0 ? Json.object() : Json.mapper().readTree(r.body());
    } catch (IOException e) {
      return validation(List.of(detail(List.of("body"), "JSON decode error", "json_invalid")));
    }
    if (body == null || !body.isObject()) {
      return validation(
          List.of(
              detail(List.of("body"), "Input should be a valid dictionary", "model_attributes")));
    }
    String id = pathId;
    if (id == null && body.hasNonNull("id")) {
      id = body.get("id").asText();
    }
    if (id == null) {
      id = newId().replace("-", "").substring(0, 26);
    }
    boolean async = r.header("Prefer").map(v -> v.contains("respond-async")).orElse(false);
    Run existing = runs.get(id);
    if (existing != null && pathId != null) {
      if (async || existing.async) {
        return SimResponse.json(existing.done ? 200 : 202, existing.json(this));
      }
      existing.awaitDone();
      return SimResponse.json(200, existing.json(this));
    }
    PredictionInput in = PredictionInput.parse("cog", body.get("input"), rules, this::randomLong);
    if (!in.valid()) {
      List<ObjectNode> details = new ArrayList<>();
      for (PredictionInput.Problem p : in.problems) {
        details.add(pydantic(p));
      }
      return validation(details);
    }
    Run run = new Run(id, body.get("input").deepCopy(), in.generation, clock().instant(), async);
    run.sequence = sequence.incrementAndGet();
    run.webhook = body.path("webhook").asText(null);
    JsonNode filter = body.get("webhook_events_filter");
    if (filter != null && filter.isArray()) {
      run.events = new ArrayList<>();
      filter.forEach(e -> run.events.add(e.asText()));
    }
    runs.put(id, run);
    if (async) {
      background.execute(
          () -> {
            deliver(run, "start");
            try {
              execute(run);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            deliver(run, "completed");
          });
      return SimResponse.json(202, run.json(this));
    }
    execute(run);
    return SimResponse.json(200, run.json(this));
  }

  private void execute(Run run) throws InterruptedException {
    long until = System.nanoTime() + predictDelay.toNanos();
    while (!run.canceled && System.nanoTime() < until) {
      Thread.sleep(Math.min(5, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
    synchronized (run) {
      if (!run.canceled && Outputs.failure(run.generation) == null && !timedOut(run)) {
        run.output = output(run.generation);
      }
      run.completedAt = clock().instant();
      run.done = true;
      run.notifyAll();
    }
  }

  private SimResponse cancel(SimRequest r) {
    Run run = runs.get(r.pathParam("id"));
    if (run == null) {
      return SimResponse.json(404, Json.object());
    }
    synchronized (run) {
      if (!run.done) {
        run.canceled = true;
      }
    }
    return SimResponse.json(200, Json.object());
  }

  private SimResponse health() {
    ObjectNode body = Json.object();
    body.put("status", "READY");
    ObjectNode setup = body.putObject("setup");
    setup.put("started_at", TIME.format(Instant.EPOCH));
    setup.put("completed_at", TIME.format(Instant.EPOCH.plusSeconds(1)));
    setup.put("logs", "");
    setup.put("status", "succeeded");
    return SimResponse.json(200, body);
  }

  private SimResponse root() {
    ObjectNode body = Json.object();
    body.put("cog_version", "0.14.0");
    body.put("docs_url", "/docs");
    body.put("openapi_url", "/openapi.json");
    body.put("shutdown_url", "/shutdown");
    body.put("healthcheck_url", "/health-check");
    body.put("predictions_url", "/predictions");
    body.put("predictions_idempotent_url", "/predictions/{prediction_id}");
    body.put("predictions_cancel_url", "/predictions/{prediction_id}/cancel");
    return SimResponse.json(200, body);
  }

  private SimResponse upload(SimRequest r) {
    String name = r.pathParam("name");
    byte[] bytes = uploads.get(name);
    if (bytes == null) {
      return SimResponse.json(404, Map.of("detail", "Not Found"));
    }
    return SimResponse.bytes(200, name.endsWith(".png") ? "image/png" : "image/jpeg", bytes);
  }

  // ---------------------------------------------------------------- helpers

  private static boolean timedOut(Run run) {
    return Outputs.timedOut(run.generation);
  }

  private JsonNode output(ReplicateGeneration g) {
    ArrayNode out = Json.array();
    for (int i = 0; i < g.numOutputs(); i++) {
      byte[] bytes = Outputs.image(g, i);
      if (uploadOutputs) {
        String name = newId() + "-" + Outputs.fileName(g, i);
        uploads.put(name, bytes);
        out.add(baseUri() + "/uploads/" + name);
      } else {
        out.add(ImageRenderer.dataUri(bytes, g.rendered()));
      }
    }
    return rules.singleOutput() ? out.get(0) : out;
  }

  private void deliver(Run run, String event) {
    if (run.webhook == null || (run.events != null && !run.events.contains(event))) {
      return;
    }
    ObjectNode body = run.json(this);
    webhookDeliveries.add(body);
    try {
      webhookClient.send(
          HttpRequest.newBuilder(URI.create(run.webhook))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException | IllegalArgumentException e) {
      log.debug("cog webhook to {} failed: {}", run.webhook, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SimResponse validation(List<ObjectNode> details) {
    ObjectNode body = Json.object();
    ArrayNode arr = body.putArray("detail");
    details.forEach(arr::add);
    return SimResponse.json(422, body);
  }

  private static ObjectNode detail(List<String> loc, String msg, String type) {
    ObjectNode d = Json.object();
    ArrayNode l = d.putArray("loc");
    loc.forEach(l::add);
    d.put("msg", msg);
    d.put("type", type);
    return d;
  }

  /** A Replicate-style problem as pydantic would word it. */
  private static ObjectNode pydantic(PredictionInput.Problem p) {
    List<String> loc = new ArrayList<>(List.of("body"));
    loc.addAll(List.of(p.field().split("\\.")));
    String msg;
    String type;
    switch (p.type()) {
      case "required":
        loc.add("prompt");
        msg = "Field required";
        type = "missing";
        break;
      case "greater_than_equal":
        msg = p.description().replace("Must be", "Input should be");
        type = "greater_than_equal";
        break;
      case "less_than_equal":
        msg = p.description().replace("Must be", "Input should be");
        type = "less_than_equal";
        break;
      case "enum":
        msg = "Input should be " + p.description().replaceFirst(".*following: ", "");
        type = "enum";
        break;
      default:
        msg = p.description().replace("Invalid type. Expected: ", "Input should be a valid ");
        msg = msg.replaceFirst(", given: .*", "");
        type = "type_error";
    }
    return detail(loc, msg, type);
  }

  /** One prediction. */
  private static final class Run {
    final String id;
    final JsonNode input;
    final ReplicateGeneration generation;
    final Instant createdAt;
    final boolean async;
    long sequence;
    String webhook;
    List<String> events;
    volatile boolean canceled;
    volatile boolean done;
    Instant completedAt;
    JsonNode output;

    Run(
        String id,
        JsonNode input,
        ReplicateGeneration generation,
        Instant createdAt,
        boolean async) {
      this.id = id;
      this.input = input;
      this.generation = generation;
      this.createdAt = createdAt;
      this.async = async;
    }

    synchronized void awaitDone() throws InterruptedException {
      while (!done) {
        wait(50);
      }
    }

    synchronized ObjectNode json(CogSimulator sim) {
      ObjectNode body = Json.object();
      body.put("id", id);
      body.set("input", input.deepCopy());
      String status;
      String error = null;
      if (!done) {
        status = "starting";
      } else if (canceled) {
        status = "canceled";
      } else if (Outputs.timedOut(generation)) {
        status = "failed";
        error = TIMED_OUT;
      } else {
        error = Outputs.failure(generation);
        status = error == null ? "succeeded" : "failed";
      }
      if (status.equals("succeeded")) {
        body.set("output", output);
      } else {
        body.putNull("output");
      }
      body.put("logs", !done ? "" : status.equals("canceled") ? "" : Outputs.finalLogs(generation));
      if (error == null) {
        body.putNull("error");
      } else {
        body.put("error", error);
      }
      body.put("status", status);
      body.put("created_at", TIME.format(createdAt));
      if (done) {
        body.put("started_at", TIME.format(createdAt));
        body.put("completed_at", TIME.format(completedAt));
        body.putObject("metrics").put("predict_time", Outputs.predictTime(generation));
      }
      return body;
    }
  }

  /** Configures a {@link CogSimulator}; {@link #start()} builds and starts it. */
  public static final class Builder extends SimulatorBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    private ModelRules rules = ModelRules.flux();
    private Duration predictDelay = Duration.ZERO;
    private boolean uploadOutputs;

    private Builder() {}

    /** How the served model reads its input (default {@link ModelRules#flux()}). */
    public Builder rules(ModelRules modelRules) {
      this.rules = Objects.requireNonNull(modelRules, "rules");
      return this;
    }

    /** How long every run takes, in real time (default zero). */
    public Builder predictDelay(Duration delay) {
      this.predictDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** Outputs as URLs on this host instead of data URIs, as with {@code --upload-url}. */
    public Builder uploadOutputs(boolean on) {
      this.uploadOutputs = on;
      return this;
    }

    /** Builds and starts the simulator. */
    public CogSimulator start() {
      return new CogSimulator(this).start();
    }
  }
}
