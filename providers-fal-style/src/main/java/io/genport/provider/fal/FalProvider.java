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
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/** fal.ai over its queue (default) or sync protocol. Thread-safe. */
final class FalProvider implements ImageProvider {
  static final String NAME = "fal";
  static final String CREDENTIAL = "FAL_KEY";
  static final String GENERIC = "generic";
  private static final int MAX_JSON_BYTES = 64 * 1024 * 1024;
  private static final Pattern ENDPOINT =
      Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?");

  /**
   * Where response bodies are read. A transport may complete its future on its I/O thread (the
   * HttpClient 5 one does, when the headers arrive); reading the body there blocks the very thread
   * that has to deliver it. So every response hops here first. Threads are daemons and die when
   * idle, since a provider has no close().
   */
  private static final Executor BODY_READERS = bodyReaders();

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
    this.transport = offIoThread(context.transport());
    this.syncBase = syncBase;
    this.queueBase = queueBase;
    this.syncMode = syncMode;
    this.downloader = new ResultDownloader(transport, downloads);
  }

  private static HttpTransport offIoThread(HttpTransport t) {
    return request -> t.send(request).thenApplyAsync(Function.identity(), BODY_READERS);
  }

  private static Executor bodyReaders() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "genport-fal-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public String name() {
    return NAME;
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
    Target target = new Target(NAME, call.call().uri().getPath().substring(1));
    return send("POST", call.call().uri(), call.call().body())
        .thenCompose(
            resp -> {
              JsonNode json = readJson(resp);
              if (resp.status() != 200) {
                throw error(resp, json);
              }
              if (syncMode) {
                return images(json, call.part())
                    .thenApply(s -> new VendorJob(target, requestId(resp, json), Map.of(), s));
              }
              return CompletableFuture.completedFuture(receipt(target, json, call.part()));
            });
  }

  private VendorJob receipt(Target target, JsonNode json, CallPart part) {
    String id = json.path("request_id").asText(null);
    if (id == null) {
      throw new NonRetryableProviderException("fal accepted the request but sent no request_id");
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
    if (returned != null && sameOrigin(URI.create(returned), queueBase)) {
      return returned;
    }
    return canonical;
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
    URI status = URI.create(job.attribute("status_url") + "?logs=1");
    return send("GET", status, null)
        .thenCompose(
            resp -> {
              JsonNode json = readJson(resp);
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
              if (json.hasNonNull("error")) {
                return done(new JobStatus.Failed(completedError(json)));
              }
              return send("GET", URI.create(job.attribute("response_url")), null)
                  .thenCompose(
                      r -> {
                        JsonNode out = readJson(r);
                        if (r.status() != 200) {
                          GenerationException e = error(r, out);
                          if (e instanceof io.genport.core.domain.RetryableProviderException) {
                            throw e;
                          }
                          return done(new JobStatus.Failed(e));
                        }
                        return images(out, partOf(job)).thenApply(s -> (JobStatus) s);
                      });
            });
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
    logsSeen.remove(job.id());
    return send("PUT", URI.create(url), null)
        .thenAccept(
            resp -> {
              JsonNode json = readJson(resp);
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

  private CompletableFuture<HttpResponse> send(String method, URI uri, String body) {
    Optional<Secret> key;
    try {
      key = credential();
      if (!sameOrigin(uri, syncBase) && !sameOrigin(uri, queueBase)) {
        throw new NonRetryableProviderException(
            "refusing to send the fal credential to "
                + uri.getHost()
                + ", which is not a configured fal host");
      }
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    headers.put("Authorization", "Key " + key.get().reveal());
    HttpRequest req =
        new HttpRequest(
            method,
            uri,
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            null);
    return transport
        .send(req)
        .handle(
            (resp, err) -> {
              if (err != null) {
                throw HttpFailures.forTransport(NAME, err);
              }
              return resp;
            });
  }

  private Optional<Secret> credential() {
    Optional<Secret> key = context.credentials().lookup(CREDENTIAL);
    if (key.isEmpty()) {
      throw new NonRetryableProviderException(
          "no fal credential: set " + CREDENTIAL + " (get a key at fal.ai/dashboard/keys)");
    }
    return key;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private JsonNode readJson(HttpResponse resp) {
    byte[] bytes;
    try {
      bytes = resp.readBody(MAX_JSON_BYTES);
    } catch (RuntimeException e) {
      throw HttpFailures.forTransport(NAME, e);
    }
    if (bytes.length == 0) {
      return context.json().createObjectNode();
    }
    try {
      return context.json().readTree(bytes);
    } catch (IOException e) {
      if (HttpFailures.isRetryableStatus(resp.status())) {
        return context.json().createObjectNode();
      }
      throw new io.genport.core.domain.RetryableProviderException(
          "fal returned malformed JSON (HTTP " + resp.status() + ")", null, false, null);
    }
  }

  private static String requestId(HttpResponse resp, JsonNode json) {
    String id = resp.header("x-fal-request-id");
    return id != null ? id : json.path("request_id").asText("sync");
  }

  /** Turns an error response into the taxonomy, reading fal's two body shapes. */
  private GenerationException error(HttpResponse resp, JsonNode json) {
    String detail = detail(json);
    String type = json.path("error_type").asText(resp.header("X-Fal-Error-Type"));
    if (isContentPolicy(json, type)) {
      return new ContentRejectedException("fal rejected the content: " + detail);
    }
    if ("user".equalsIgnoreCase(resp.header("X-Fal-Request-Timeout-Type"))
        || "false".equalsIgnoreCase(resp.header("X-Fal-Retryable"))) {
      return new NonRetryableProviderException(
          "fal returned HTTP " + resp.status() + ": " + detail + " (not retryable)",
          resp.status(),
          null);
    }
    return HttpFailures.forStatus(
        NAME, resp.status(), detail, resp.header("Retry-After"), context.clock());
  }

  private GenerationException completedError(JsonNode status) {
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
