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
import io.genport.spi.Secret;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicate's prediction API. A target is a catalog id ({@code flux-schnell}), an official model
 * {@code owner/name} ({@code POST /v1/models/{owner}/{name}/predictions}) or a version {@code
 * owner/name:version} ({@code POST /v1/predictions} with {@code version}). The create asks for
 * {@code Prefer: wait=N}, so a fast model finishes in that one request; otherwise {@code urls.get}
 * is polled (only on the configured host, which alone ever sees the token). Thread-safe.
 *
 * <p>Progress: {@code starting} is reported as queued, {@code processing} as running with the new
 * log lines. When a poll finds the prediction ended with log lines not reported yet, those lines
 * and a {@code predict_time: N s} line are reported as one last running status, and the end itself
 * at the next poll, which is due at once ({@link #pollInterval}) and needs no request. A prediction
 * that ended within the wait carries {@code predict_time} as a job attribute.
 */
final class ReplicateProvider implements ImageProvider {
  static final String NAME = "replicate";
  static final String CREDENTIAL = "REPLICATE_API_TOKEN";
  static final String GENERIC = "generic";

  private static final Logger LOG = LoggerFactory.getLogger(ReplicateProvider.class);
  private static final Pattern TARGET =
      Pattern.compile("([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(:([A-Za-z0-9]+))?");

  /** Extra time for the create's response beyond what {@code Prefer: wait} asks the server for. */
  private static final Duration WAIT_MARGIN = Duration.ofSeconds(30);

  private final ModelCatalog catalog;
  private final ProviderContext context;
  private final URI base;
  private final int waitSeconds;
  private final Map<String, String> specAliases;
  private final Duration pollInterval;
  private final Predictions predictions;

  /** Terminal predictions whose last logs were reported and whose end is reported next. */
  private final Map<String, JsonNode> pendingEnd = new ConcurrentHashMap<>();

  ReplicateProvider(
      ModelCatalog catalog,
      ProviderContext context,
      URI base,
      int waitSeconds,
      Map<String, String> specAliases,
      Duration pollInterval,
      DownloadPolicy downloads) {
    this.catalog = catalog;
    this.context = context;
    this.base = base;
    this.waitSeconds = waitSeconds;
    this.specAliases = Map.copyOf(specAliases);
    this.pollInterval = pollInterval;
    this.predictions =
        new Predictions(NAME, context, new ResultDownloader(context.transport(), downloads));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The catalog models; any other {@code owner/name[:version]} is accepted too (generic). */
  @Override
  public List<String> models() {
    return ids();
  }

  @Override
  public ModelCapabilities describe(String model) {
    return resolve(model).spec.capabilities();
  }

  /** A model's spec and where it is called. */
  private static final class Resolved {
    final ModelSpec spec;
    final String ownerName;
    final String version;

    Resolved(ModelSpec spec, String ownerName, String version) {
      this.spec = spec;
      this.ownerName = ownerName;
      this.version = version;
    }
  }

  private Resolved resolve(String model) {
    ModelSpec spec = catalog.find(model);
    if (spec != null && !spec.id().equals(GENERIC)) {
      Matcher m = spec.endpoint() == null ? null : TARGET.matcher(spec.endpoint());
      if (m == null || !m.matches()) {
        throw new InvalidRequestException(
            "model",
            "catalog model '" + spec.id() + "' has no Replicate owner/name[:version] endpoint");
      }
      return new Resolved(spec, m.group(1), m.group(3));
    }
    Matcher m = TARGET.matcher(model);
    if (!m.matches()) {
      throw new InvalidRequestException(
          "model",
          "'"
              + model
              + "' is neither a Replicate catalog model nor owner/name[:version]; catalog models: "
              + String.join(", ", ids()));
    }
    String ownerName = m.group(1);
    String alias = specAliases.get(ownerName);
    ModelSpec found = alias != null ? catalog.require(alias) : catalog.find(ownerName);
    if (found == null) {
      for (ModelSpec s : catalog.models().values()) {
        if (s.endpoint() != null && s.endpoint().startsWith(ownerName + ":")) {
          found = s;
          break;
        }
      }
    }
    return new Resolved(found == null ? catalog.require(GENERIC) : found, ownerName, m.group(3));
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>(catalog.models().keySet());
    ids.remove(GENERIC);
    return List.copyOf(ids);
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    Resolved r = resolve(model);
    Translation t = NativeTranslator.translate(request, r.spec, NAME, context.random());
    URI uri =
        URI.create(
            r.version == null
                ? base + "/v1/models/" + r.ownerName + "/predictions"
                : base + "/v1/predictions");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    if (waitSeconds > 0) {
      headers.put("Prefer", "wait=" + waitSeconds);
    }
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      ObjectNode body = context.json().createObjectNode();
      if (r.version != null) {
        body.put("version", r.version);
      }
      body.set("input", t.bodies().get(i));
      calls.add(
          new PlannedCall(
              t.negotiated().parts().get(i),
              new NativeCall("POST", uri, headers, "Authorization", body.toString()),
              t.negotiated().size().choice().pixels()));
    }
    return new CallPlan(new Target(NAME, model), t.negotiated(), calls);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    Duration timeout = waitSeconds > 0 ? Duration.ofSeconds(waitSeconds).plus(WAIT_MARGIN) : null;
    Long seed = call.part().seed();
    return send("POST", call.call().uri(), call.call().headers(), call.call().body(), timeout)
        .thenCompose(
            resp -> {
              JsonNode json = predictions.readJson(resp, true);
              if (resp.status() < 200 || resp.status() > 202) {
                throw predictions.error(resp, json);
              }
              return accepted(json, call, seed);
            });
  }

  private CompletableFuture<VendorJob> accepted(JsonNode json, PlannedCall call, Long seed) {
    String id = json.path("id").asText("");
    if (id.isBlank()) {
      // The prediction may exist, but without its id it can be neither polled nor cancelled.
      throw new RetryableProviderException(
          "replicate accepted the prediction but its answer has no id", null, true, null);
    }
    String canonical = base + "/v1/predictions/" + id;
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("get_url", ownOr(json.path("urls").path("get").asText(null), canonical));
    attrs.put(
        "cancel_url", ownOr(json.path("urls").path("cancel").asText(null), canonical + "/cancel"));
    if (seed != null) {
      attrs.put("seed", seed.toString());
    }
    Target target = new Target(NAME, targetOf(json, call));
    if (!Predictions.terminal(json)) {
      return CompletableFuture.completedFuture(new VendorJob(target, id, attrs));
    }
    Double predictTime = Predictions.predictTime(json);
    if (predictTime != null) {
      attrs.put("predict_time", predictTime.toString());
      LOG.debug("replicate prediction {} ended within the wait, predict_time {}s", id, predictTime);
    }
    return predictions
        .terminalStatus(json, seed)
        .thenApply(status -> new VendorJob(target, id, attrs, status));
  }

  private String targetOf(JsonNode json, PlannedCall call) {
    String path = call.call().uri().getPath();
    String prefix = "/v1/models/";
    int at = path.indexOf(prefix);
    if (at >= 0 && path.endsWith("/predictions")) {
      return path.substring(at + prefix.length(), path.length() - "/predictions".length());
    }
    String model = json.path("model").asText("");
    String version = json.path("version").asText("");
    String shown = model.isBlank() ? "version" : model;
    return version.isBlank() ? shown : shown + ":" + version;
  }

  private String ownOr(String returned, String canonical) {
    if (returned != null) {
      try {
        if (io.genport.spi.http.Origins.same(URI.create(returned), base)) {
          return returned;
        }
      } catch (IllegalArgumentException ignored) {
        // A malformed URL from the vendor: use the canonical one.
      }
    }
    return canonical;
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(job.finished());
    }
    JsonNode ended = pendingEnd.remove(job.id());
    if (ended != null) {
      return predictions.terminalStatus(ended, seedOf(job));
    }
    URI status = URI.create(statusUrl(job));
    return send("GET", status, Map.of("Accept", "application/json"), null, null)
        .thenCompose(
            resp -> {
              JsonNode json = predictions.readJson(resp, false);
              if (resp.status() != 200) {
                throw predictions.error(resp, json);
              }
              return statusOf(job, json);
            });
  }

  private CompletableFuture<JobStatus> statusOf(VendorJob job, JsonNode json) {
    String state = Predictions.status(json);
    if (state.equals("starting")) {
      return CompletableFuture.completedFuture(new JobStatus.Queued(null));
    }
    if (state.equals("processing")) {
      return CompletableFuture.completedFuture(
          new JobStatus.Running(predictions.newLogs(job.id(), json)));
    }
    if (!Predictions.terminal(json)) {
      throw new NonRetryableProviderException(
          "replicate reported an unknown prediction status '" + state + "'");
    }
    List<String> last = new ArrayList<>();
    if (state.equals("succeeded") || state.equals("failed")) {
      last.addAll(predictions.newLogs(job.id(), json));
      Double predictTime = Predictions.predictTime(json);
      if (predictTime != null) {
        last.add(String.format(Locale.ROOT, "predict_time: %.3f s", predictTime));
      }
    }
    predictions.forget(job.id());
    if (!last.isEmpty()) {
      pendingEnd.put(job.id(), json);
      return CompletableFuture.completedFuture(new JobStatus.Running(last));
    }
    return predictions.terminalStatus(json, seedOf(job));
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pendingEnd.containsKey(job.id()) ? Duration.ZERO : pollInterval;
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(null);
    }
    pendingEnd.remove(job.id());
    String url = job.attribute("cancel_url");
    URI cancel =
        url != null && sameBase(url)
            ? URI.create(url)
            : URI.create(base + "/v1/predictions/" + job.id() + "/cancel");
    return send("POST", cancel, Map.of("Accept", "application/json"), null, null)
        .thenAccept(
            resp -> {
              JsonNode json = predictions.readJson(resp, false);
              // 404: nothing left to stop. A prediction that already ended answers 200 unchanged.
              if (resp.status() != 200 && resp.status() != 404) {
                throw predictions.error(resp, json);
              }
              predictions.forget(job.id());
            });
  }

  private String statusUrl(VendorJob job) {
    String url = job.attribute("get_url");
    return url != null && sameBase(url) ? url : base + "/v1/predictions/" + job.id();
  }

  private boolean sameBase(String url) {
    try {
      return io.genport.spi.http.Origins.same(URI.create(url), base);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Long seedOf(VendorJob job) {
    String s = job.attribute("seed");
    try {
      return s == null ? null : Long.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private CompletableFuture<HttpResponse> send(
      String method, URI uri, Map<String, String> planned, String body, Duration timeout) {
    Secret token;
    try {
      token = credential();
      if (!io.genport.spi.http.Origins.same(uri, base)) {
        throw new NonRetryableProviderException(
            "refusing to send the Replicate token to "
                + uri.getHost()
                + ", which is not the configured Replicate host");
      }
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, String> headers = new LinkedHashMap<>(planned);
    if (body == null) {
      headers.remove("Content-Type");
    }
    headers.put("Authorization", "Bearer " + token.reveal());
    HttpRequest req =
        new HttpRequest(
            method,
            uri,
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            timeout);
    return context
        .transport()
        .send(req)
        .handle(
            (resp, err) -> {
              if (err != null) {
                throw HttpFailures.forTransport(NAME, err);
              }
              return resp;
            });
  }

  private Secret credential() {
    Optional<Secret> token = context.credentials().lookup(CREDENTIAL);
    if (token.isEmpty()) {
      throw new NonRetryableProviderException(
          "no Replicate credential: set "
              + CREDENTIAL
              + " (create a token at replicate.com/account/api-tokens)");
    }
    return token.get();
  }
}
