package io.genport.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CallPart;
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
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import io.genport.spi.http.Origins;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** fal.ai over its queue (default) or sync protocol. Thread-safe. */
final class FalProvider implements ImageProvider {
  static final String NAME = "fal";
  static final String CREDENTIAL = "FAL_KEY";
  static final String GENERIC = "generic";
  private static final int MAX_JSON_BYTES = 64 * 1024 * 1024;
  private static final Pattern ENDPOINT =
      Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?");

  private final ModelCatalog catalog;
  private final ProviderContext context;
  private final HttpTransport transport;
  private final URI syncBase;
  private final URI queueBase;
  private final boolean syncMode;
  private final ResultDownloader downloader;

  /** Log lines already reported per request id, since fal returns the whole log each time. */
  private final Map<String, Integer> logsSeen = new ConcurrentHashMap<>();

  FalProvider(
      ModelCatalog catalog,
      ProviderContext context,
      URI syncBase,
      URI queueBase,
      boolean syncMode,
      DownloadPolicy downloads) {
    this.catalog = catalog;
    this.context = context;
    // The transport contract guarantees futures complete off its I/O threads, so dependent stages
    // here may read response bodies directly.
    this.transport = context.transport();
    this.syncBase = syncBase;
    this.queueBase = queueBase;
    this.syncMode = syncMode;
    this.downloader = new ResultDownloader(transport, downloads);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> models() {
    List<String> ids = new ArrayList<>(catalog.models().keySet());
    ids.remove(GENERIC);
    return ids;
  }

  @Override
  public ModelCapabilities describe(String model) {
    return spec(model).capabilities();
  }

  private ModelSpec spec(String model) {
    ModelSpec spec = catalog.find(model);
    if (spec != null && !spec.id().equals(GENERIC)) {
      return spec;
    }
    if (ENDPOINT.matcher(model).matches()) {
      return catalog.require(GENERIC);
    }
    throw new InvalidRequestException(
        "model",
        "'"
            + model
            + "' is neither a fal catalog model nor a fal endpoint id (owner/app[/path]);"
            + " catalog models: "
            + String.join(", ", catalog.models().keySet()));
  }

  private static String endpoint(String model, ModelSpec spec) {
    return spec.endpoint() != null ? spec.endpoint() : model;
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ModelSpec spec = spec(model);
    Translation t = NativeTranslator.translate(request, spec, NAME, context.random());
    URI uri = URI.create((syncMode ? syncBase : queueBase) + "/" + endpoint(model, spec));
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      ObjectNode body = t.bodies().get(i);
      if (syncMode && spec.param("sync_mode") != null) {
        // Inline data URIs: one request, nothing left in fal's request history.
        body.put("sync_mode", true);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("Accept", "application/json");
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
    NativeCall nc = call.call();
    Target target;
    try {
      target = new Target(NAME, endpointOf(nc.uri()));
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send(nc.method(), nc.uri(), nc.headers(), nc.body())
        .thenCompose(
            resp -> {
              // The vendor answered: whatever went wrong from here on, it has seen the request.
              JsonNode json = readJson(resp, true);
              if (resp.status() / 100 != 2) {
                throw error(resp, json);
              }
              if (syncMode) {
                return images(json, call.part())
                    .thenApply(s -> new VendorJob(target, requestId(resp, json), Map.of(), s));
              }
              return CompletableFuture.completedFuture(receipt(target, json, call.part()));
            });
  }

  /**
   * The endpoint id ({@code owner/app[/path]}) a planned URI calls: its path below the configured
   * base, which may itself have a path (a gateway or proxy prefix).
   */
  private String endpointOf(URI uri) {
    URI base = Origins.same(uri, syncBase) ? syncBase : queueBase;
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.startsWith(basePath + "/")) {
      path = path.substring(basePath.length());
    }
    String id = path.startsWith("/") ? path.substring(1) : path;
    if (!ENDPOINT.matcher(id).matches()) {
      throw new InvalidRequestException(
          "model", "'" + id + "' is not a fal endpoint id (owner/app[/path])");
    }
    return id;
  }

  private VendorJob receipt(Target target, JsonNode json, CallPart part) {
    String id = json.path("request_id").asText(null);
    if (id == null || id.isBlank()) {
      // The job exists (the submit succeeded) but we cannot name it: resubmitting could bill
      // twice, so this is ambiguous, not a plain failure.
      throw new RetryableProviderException(
          "fal accepted the request but sent no request_id", null, true, null);
    }
    // fal drops the model subpath in these URLs; build the canonical ones and follow the returned
    // ones only when they point at the configured queue host, so the key never leaves it.
    String app = appOf(target.model());
    String base = queueBase + "/" + app + "/requests/" + id;
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("status_url", ownOr(json.path("status_url").asText(null), base + "/status"));
    attrs.put("response_url", ownOr(json.path("response_url").asText(null), base));
    attrs.put("cancel_url", ownOr(json.path("cancel_url").asText(null), base + "/cancel"));
    if (part.seed() != null) {
      attrs.put("seed", part.seed().toString());
    }
    return new VendorJob(target, id, attrs);
  }

  private String ownOr(String returned, String canonical) {
    if (returned == null) {
      return canonical;
    }
    try {
      return Origins.same(URI.create(returned), queueBase) ? returned : canonical;
    } catch (IllegalArgumentException malformed) {
      return canonical;
    }
  }

  private static String appOf(String endpoint) {
    String[] parts = endpoint.split("/");
    return parts.length >= 2 ? parts[0] + "/" + parts[1] : endpoint;
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(job.finished());
    }
    URI status;
    try {
      status = withQuery(URI.create(job.attribute("status_url")), "logs=1");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("fal job " + job.id() + " has no valid status URL"));
    }
    return send("GET", status, Map.of(), null)
        .thenCompose(
            resp -> {
              JsonNode json = readJson(resp, false);
              if (resp.status() != 200 && resp.status() != 202) {
                throw error(resp, json);
              }
              String state = json.path("status").asText("");
              if (state.equals("IN_QUEUE")) {
                JsonNode pos = json.get("queue_position");
                return done(new JobStatus.Queued(pos == null || !pos.isInt() ? null : pos.asInt()));
              }
              if (state.equals("IN_PROGRESS")) {
                return done(new JobStatus.Running(newLogs(job.id(), json.path("logs"))));
              }
              if (!state.equals("COMPLETED")) {
                throw new NonRetryableProviderException(
                    "fal reported an unknown status '" + state + "'");
              }
              logsSeen.remove(job.id());
              if ("client_cancelled".equals(json.path("error_type").asText(""))) {
                // fal has no CANCELLED status: a cancelled request completes with this error.
                return done(new JobStatus.Cancelled());
              }
              // A failed run shows its error on the COMPLETED status too, but only the result
              // fetch gives its HTTP status and fal's retry headers, so that classifies it.
              return result(job, json.hasNonNull("error") ? json : null);
            });
  }

  /**
   * Fetches the output of a COMPLETED job. The job has ended, so an error that fal's app answered
   * with (it carries {@code x-fal-request-id}) or that is not retryable is the job's outcome, a
   * {@link JobStatus.Failed}; a retryable error without that header came from fal's ingress and
   * fails this poll only, so the caller polls again.
   *
   * @param failedStatus the COMPLETED status when it carried an error, else {@code null}
   */
  private CompletableFuture<JobStatus> result(VendorJob job, JsonNode failedStatus) {
    URI uri;
    try {
      uri = URI.create(job.attribute("response_url"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("fal job " + job.id() + " has no valid result URL"));
    }
    return send("GET", uri, Map.of(), null)
        .thenCompose(
            r -> {
              JsonNode out = readJson(r, false);
              if (r.status() == 200 && (out.has("images") || out.has("image"))) {
                return images(out, partOf(job)).handle(FalProvider::downloaded);
              }
              if (r.status() == 200) {
                // Success status but no output: the status's error, if any, says why.
                return done(
                    new JobStatus.Failed(
                        failedStatus != null
                            ? completedError(failedStatus)
                            : new NonRetryableProviderException("fal returned no images")));
              }
              if ("client_cancelled".equals(errorType(r, out))) {
                return done(new JobStatus.Cancelled());
              }
              GenerationException e = error(r, out);
              boolean fromApp = r.header("x-fal-request-id") != null || failedStatus != null;
              if (e instanceof RetryableProviderException && !fromApp) {
                throw e;
              }
              return done(new JobStatus.Failed(e));
            });
  }

  /**
   * The outcome of downloading a finished job's images: a transient failure fails this poll (the
   * next one downloads again), a permanent one (a refused or missing URL) is the job's outcome.
   */
  private static JobStatus downloaded(JobStatus.Succeeded images, Throwable err) {
    if (err == null) {
      return images;
    }
    Throwable c =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (c instanceof GenerationException g && !(g instanceof RetryableProviderException)) {
      return new JobStatus.Failed(g);
    }
    throw err instanceof CompletionException ce ? ce : new CompletionException(c);
  }

  private static CallPart partOf(VendorJob job) {
    String seed = job.attribute("seed");
    return new CallPart(0, 1, seed == null ? null : Long.valueOf(seed), 0);
  }

  private List<String> newLogs(String id, JsonNode logs) {
    List<String> all = new ArrayList<>();
    if (logs.isArray()) {
      logs.forEach(l -> all.add(l.path("message").asText("")));
    }
    int seen = logsSeen.getOrDefault(id, 0);
    logsSeen.put(id, all.size());
    return seen < all.size() ? all.subList(seen, all.size()) : List.of();
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    String url = job.attribute("cancel_url");
    if (url == null) {
      // A sync-mode job: fal.run answered with the output, there is nothing left to cancel.
      return CompletableFuture.failedFuture(
          new UnsupportedCapabilityException(
              null, "fal sync mode (fal.run) cannot cancel: the request has already ended"));
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("fal job " + job.id() + " has no valid cancel URL"));
    }
    logsSeen.remove(job.id());
    return send("PUT", uri, Map.of(), null)
        .thenAccept(
            resp -> {
              JsonNode json = readJson(resp, false);
              // 400 ALREADY_COMPLETED and 404 NOT_FOUND both mean there is nothing left to stop.
              if (resp.status() >= 300 && resp.status() != 400 && resp.status() != 404) {
                throw error(resp, json);
              }
            });
  }

  private CompletableFuture<JobStatus.Succeeded> images(JsonNode out, CallPart part) {
    JsonNode images = out.path("images");
    if (!images.isArray() && out.has("image")) {
      images = context.json().createArrayNode().add(out.get("image"));
    }
    if (!images.isArray() || images.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("fal returned no images"));
    }
    Long seed = out.hasNonNull("seed") ? out.get("seed").asLong() : part.seed();
    JsonNode nsfw = out.path("has_nsfw_concepts");
    List<CompletableFuture<GeneratedImage>> downloads = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      JsonNode img = images.get(i);
      boolean flagged = nsfw.isArray() && nsfw.path(i).asBoolean(false);
      int w = img.path("width").asInt(0);
      int h = img.path("height").asInt(0);
      downloads.add(
          downloader
              .fetch(img.path("url").asText(""))
              .thenApply(d -> image(d, w, h, seed, flagged)));
    }
    return CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<GeneratedImage> list = new ArrayList<>();
              downloads.forEach(f -> list.add(f.join()));
              return new JobStatus.Succeeded(list, null);
            });
  }

  private static GeneratedImage image(DownloadedImage d, int w, int h, Long seed, boolean flagged) {
    int width = d.size() != null ? d.size().width() : w;
    int height = d.size() != null ? d.size().height() : h;
    return new GeneratedImage(
        ImageSource.of(d.bytes()), d.mediaType(), width, height, seed, flagged);
  }

  /**
   * Sends one request to a configured fal host with the key. Fails (without sending) for a missing
   * key or another host, and classifies transport failures.
   */
  private CompletableFuture<HttpResponse> send(
      String method, URI uri, Map<String, String> planned, String body) {
    HttpRequest req;
    try {
      Secret key = credential();
      if (!Origins.same(uri, syncBase) && !Origins.same(uri, queueBase)) {
        throw new NonRetryableProviderException(
            "refusing to send the fal credential to "
                + uri.getHost()
                + ", which is not a configured fal host");
      }
      Map<String, String> headers = new LinkedHashMap<>(planned);
      headers.putIfAbsent("Accept", "application/json");
      if (body != null) {
        headers.putIfAbsent("Content-Type", "application/json");
      }
      headers.put("Authorization", "Key " + key.reveal());
      req =
          new HttpRequest(
              method,
              uri,
              headers,
              body == null ? null : body.getBytes(StandardCharsets.UTF_8),
              null);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse> sent;
    try {
      sent = transport.send(req);
    } catch (RuntimeException e) {
      // The transport refused the request outright (a malformed URI): a bug or bad configuration,
      // not an outage.
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException(
              "fal request to " + uri.getHost() + " could not be sent: " + e.getMessage(), 0, e));
    }
    return sent.handle(
        (resp, err) -> {
          if (err != null) {
            throw transportFailure(err);
          }
          return resp;
        });
  }

  private static GenerationException transportFailure(Throwable err) {
    Throwable t =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (t instanceof GenerationException g) {
      return g;
    }
    if (t instanceof IllegalStateException || t instanceof IllegalArgumentException) {
      // The transport refused to send (e.g. a clear-text header logger is on): retrying the same
      // request will be refused the same way.
      return new NonRetryableProviderException(
          "fal request was refused by the transport: " + t.getMessage(), 0, t);
    }
    return HttpFailures.forTransport(NAME, t);
  }

  private Secret credential() {
    return context
        .credentials()
        .lookup(CREDENTIAL)
        .orElseThrow(
            () ->
                new NonRetryableProviderException(
                    "no fal credential: set "
                        + CREDENTIAL
                        + " (get a key at fal.ai/dashboard/keys)"));
  }

  private static URI withQuery(URI uri, String query) {
    String s = uri.toString();
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
  }

  /**
   * Reads a JSON body. The status line has arrived, so the vendor has the request: a failure while
   * reading the rest is ambiguous. A body that is not JSON is read as empty for an error status
   * (the status then classifies it, e.g. a proxy's HTML 401 page); for a success it is an error,
   * and an ambiguous one for a submit, whose job may exist.
   */
  private JsonNode readJson(HttpResponse resp, boolean submit) {
    byte[] bytes;
    try {
      bytes = resp.readBody(MAX_JSON_BYTES);
    } catch (RuntimeException e) {
      // HttpTransportException (reset, cap) or UncheckedIOException from the body stream.
      throw new RetryableProviderException(
          "fal's response could not be read: " + e.getMessage(), null, submit, e);
    }
    if (bytes.length == 0) {
      return context.json().createObjectNode();
    }
    try {
      return context.json().readTree(bytes);
    } catch (IOException e) {
      if (resp.status() / 100 != 2) {
        return context.json().createObjectNode();
      }
      throw new RetryableProviderException(
          "fal returned malformed JSON (HTTP " + resp.status() + ")", null, submit, null);
    }
  }

  private static String requestId(HttpResponse resp, JsonNode json) {
    String id = resp.header("x-fal-request-id");
    return id != null ? id : json.path("request_id").asText("sync");
  }

  private static String errorType(HttpResponse resp, JsonNode json) {
    String type = json.path("error_type").asText(null);
    return type != null ? type : resp.header("X-Fal-Error-Type");
  }

  /** Turns an error response into the taxonomy, reading fal's two body shapes. */
  private GenerationException error(HttpResponse resp, JsonNode json) {
    String detail = detail(json);
    if (isContentPolicy(json, errorType(resp, json))) {
      return new ContentRejectedException("fal rejected the content: " + detail);
    }
    if ("user".equalsIgnoreCase(resp.header("X-Fal-Request-Timeout-Type"))
        || "false".equalsIgnoreCase(resp.header("X-Fal-Retryable"))) {
      return new NonRetryableProviderException(
          "fal returned HTTP "
              + resp.status()
              + (detail.isEmpty() ? "" : ": " + detail)
              + " (not retryable)",
          resp.status(),
          null);
    }
    return HttpFailures.forStatus(
        NAME, resp.status(), detail, resp.header("Retry-After"), context.clock());
  }

  private static GenerationException completedError(JsonNode status) {
    String msg = status.path("error").asText();
    String type = status.path("error_type").asText("");
    if (type.contains("content_policy")) {
      return new ContentRejectedException("fal rejected the content: " + msg);
    }
    return new NonRetryableProviderException(
        "fal run failed" + (type.isEmpty() ? "" : " (" + type + ")") + ": " + msg);
  }

  private static boolean isContentPolicy(JsonNode json, String type) {
    if (type != null && type.contains("content_policy")) {
      return true;
    }
    JsonNode d = json.path("detail");
    if (d.isArray()) {
      for (JsonNode item : d) {
        if (item.path("type").asText("").contains("content_policy")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String detail(JsonNode json) {
    JsonNode d = json.path("detail");
    if (d.isTextual()) {
      return d.asText();
    }
    if (d.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode item : d) {
        List<String> loc = new ArrayList<>();
        item.path("loc").forEach(l -> loc.add(l.asText()));
        parts.add(String.join(".", loc) + ": " + item.path("msg").asText());
      }
      return String.join("; ", parts);
    }
    return json.isEmpty() ? "" : json.toString();
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
