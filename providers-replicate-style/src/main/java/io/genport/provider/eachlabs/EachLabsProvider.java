package io.genport.provider.eachlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageSource;
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
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import io.genport.spi.http.Origins;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Each Labs over its predictions API: create {@code POST /v1/prediction} with {@code {model,
 * version, input}}, poll {@code GET /v1/prediction/{id}}, cancel {@code POST
 * /v1/prediction/{id}/cancel}; {@code X-API-Key} carries the key, only to the configured host.
 * Thread-safe.
 */
final class EachLabsProvider implements ImageProvider {
  static final String NAME = "eachlabs";
  static final String CREDENTIAL = "EACHLABS_API_KEY";
  static final String KEY_HEADER = "X-API-Key";
  static final String CURRENCY = "USD";
  private static final int MAX_JSON_BYTES = 64 * 1024 * 1024;
  private static final Pattern PREDICTION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  /** V1 {@code output.error_code}s worth a new attempt (docs.eachlabs.ai, "Error Reference"). */
  private static final Set<String> RETRYABLE_CODES =
      Set.of(
          "PROVIDER_RATE_LIMIT",
          "PROVIDER_SERVER_ERROR",
          "NETWORK_ERROR",
          "EXECUTION_TIMEOUT",
          "PUBLISH_FAILED",
          "WORKER_LOST",
          "PROVIDER_AUTH_ERROR",
          "PIPELINE_CONFIG_ERROR");

  /** Free-text signs of a content-safety refusal, for failures without an error code. */
  private static final Pattern CONTENT_WORDS =
      Pattern.compile("(?i)nsfw|content[ _-]?(policy|safety)|flagged|safety (filter|checker)");

  private final ModelCatalog catalog;
  private final ProviderContext context;
  private final HttpTransport transport;
  private final URI base;
  private final Duration pollInterval;
  private final ResultDownloader downloader;

  /** Log characters already reported per prediction, since Each Labs returns the whole log. */
  private final Map<String, Integer> logsSeen = new ConcurrentHashMap<>();

  EachLabsProvider(
      ModelCatalog catalog,
      ProviderContext context,
      URI base,
      Duration pollInterval,
      DownloadPolicy downloads) {
    this.catalog = catalog;
    this.context = context;
    // HttpTransport futures complete off the transport's I/O threads (a port guarantee), so the
    // dependent stages here may read response bodies.
    this.transport = context.transport();
    this.base = base;
    this.pollInterval = pollInterval;
    this.downloader = new ResultDownloader(transport, downloads);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public java.util.List<String> models() {
    return java.util.List.copyOf(catalog.models().keySet());
  }

  @Override
  public ModelCapabilities describe(String model) {
    return catalog.require(model).capabilities();
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ModelSpec spec = catalog.require(model);
    Translation t = NativeTranslator.translate(request, spec, NAME, context.random());
    URI uri = URI.create(base + "/v1/prediction");
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      ObjectNode body = context.json().createObjectNode();
      body.put("model", spec.id());
      body.put("version", spec.version() == null ? "0.0.1" : spec.version());
      body.set("input", t.bodies().get(i));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("Accept", "application/json");
      calls.add(
          new PlannedCall(
              t.negotiated().parts().get(i),
              new NativeCall("POST", uri, headers, KEY_HEADER, body.toString()),
              t.negotiated().size().choice().pixels()));
    }
    return new CallPlan(new Target(NAME, spec.id()), t.negotiated(), calls);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    String model;
    try {
      model = context.json().readTree(call.call().body()).path("model").asText("");
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("the planned Each Labs call has no JSON body"));
    }
    Target target = new Target(NAME, model.isEmpty() ? "unknown" : model);
    return send("POST", call.call().uri(), call.call().body())
        .thenApply(
            resp -> {
              JsonNode json = readJson(resp, true);
              if (resp.status() < 200 || resp.status() >= 300) {
                throw error(resp, json);
              }
              String id = json.path("predictionID").asText(json.path("id").asText(null));
              if (id == null || id.isBlank()) {
                throw new NonRetryableProviderException(
                    "Each Labs answered HTTP "
                        + resp.status()
                        + " but sent no predictionID: "
                        + detail(json));
              }
              if (!PREDICTION_ID.matcher(id).matches()) {
                throw new NonRetryableProviderException(
                    "Each Labs sent a malformed predictionID; it cannot be polled");
              }
              Map<String, String> attrs = new LinkedHashMap<>();
              String self = base + "/v1/prediction/" + id;
              attrs.put("get_url", self);
              attrs.put("cancel_url", self + "/cancel");
              if (call.part().seed() != null) {
                attrs.put("seed", call.part().seed().toString());
              }
              return new VendorJob(target, id, attrs);
            });
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(job.finished());
    }
    URI uri;
    try {
      uri = own(job.attribute("get_url"), "/v1/prediction/" + job.id(), job);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send("GET", uri, null)
        .thenCompose(
            resp -> {
              JsonNode json = readJson(resp, false);
              if (resp.status() < 200 || resp.status() >= 300) {
                throw error(resp, json);
              }
              String status = json.path("status").asText("").toLowerCase(Locale.ROOT);
              switch (status) {
                case "created":
                case "queued":
                case "starting":
                  return done(new JobStatus.Queued(null));
                case "processing":
                case "running":
                  return done(new JobStatus.Running(newLogs(job.id(), json.path("logs"))));
                case "success":
                case "succeeded":
                  logsSeen.remove(job.id());
                  return images(json, job).thenApply(s -> (JobStatus) s);
                case "failed":
                case "error":
                  logsSeen.remove(job.id());
                  return done(new JobStatus.Failed(failure(json)));
                case "cancelled":
                case "canceled":
                  logsSeen.remove(job.id());
                  return done(new JobStatus.Cancelled());
                default:
                  throw new NonRetryableProviderException(
                      "Each Labs reported an unknown prediction status '" + status + "'");
              }
            });
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(null);
    }
    URI uri;
    try {
      uri = own(job.attribute("cancel_url"), "/v1/prediction/" + job.id() + "/cancel", job);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send("POST", uri, null)
        .thenAccept(
            resp -> {
              JsonNode json = readJson(resp, false);
              // A prediction that already ended (400/409) or is gone (404) has nothing to stop.
              int s = resp.status();
              if ((s < 200 || s >= 300) && s != 400 && s != 404 && s != 409) {
                throw error(resp, json);
              }
            });
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pollInterval;
  }

  /** {@code returned} when it is on the configured host, else the canonical URL of the job. */
  private URI own(String returned, String canonicalPath, VendorJob job) {
    if (!PREDICTION_ID.matcher(job.id()).matches()) {
      throw new NonRetryableProviderException(
          "not an Each Labs prediction id: the job is unusable");
    }
    if (returned != null) {
      URI u = URI.create(returned);
      if (Origins.same(u, base)) {
        return u;
      }
    }
    return URI.create(base + canonicalPath);
  }

  private List<String> newLogs(String id, JsonNode logs) {
    if (!logs.isTextual()) {
      return List.of();
    }
    String all = logs.asText();
    int seen = logsSeen.getOrDefault(id, 0);
    logsSeen.put(id, all.length());
    if (seen >= all.length()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String line : all.substring(seen).split("\\R")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  private CompletableFuture<JobStatus.Succeeded> images(JsonNode prediction, VendorJob job) {
    List<String> urls = new ArrayList<>();
    collectUrls(prediction.path("output"), urls);
    if (urls.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("Each Labs reported success but returned no images"));
    }
    String s = job.attribute("seed");
    Long seed = s == null ? null : Long.valueOf(s);
    List<CompletableFuture<GeneratedImage>> downloads = new ArrayList<>();
    for (String url : urls) {
      downloads.add(downloader.fetch(url).thenApply(d -> image(d, seed)));
    }
    Cost cost = cost(prediction.path("metrics").path("cost"));
    return CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<GeneratedImage> list = new ArrayList<>();
              downloads.forEach(f -> list.add(f.join()));
              return new JobStatus.Succeeded(list, cost);
            });
  }

  /** Image URLs from the output: a URL, a list of URLs or {url} objects, or {images: [...]}. */
  private static void collectUrls(JsonNode output, List<String> out) {
    if (output.isTextual()) {
      String u = output.asText();
      if (u.startsWith("http://") || u.startsWith("https://") || u.startsWith("data:")) {
        out.add(u);
      }
    } else if (output.isArray()) {
      output.forEach(o -> collectUrls(o, out));
    } else if (output.isObject()) {
      if (output.has("images")) {
        collectUrls(output.get("images"), out);
      } else if (output.has("image")) {
        collectUrls(output.get("image"), out);
      } else if (output.has("url")) {
        collectUrls(output.get("url"), out);
      }
    }
  }

  private static Cost cost(JsonNode node) {
    if (!node.isNumber() && !node.isTextual()) {
      return null;
    }
    try {
      BigDecimal amount = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
      return amount.signum() < 0 ? null : new Cost(amount, CURRENCY);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static GeneratedImage image(DownloadedImage d, Long seed) {
    int width = d.size() == null ? 0 : d.size().width();
    int height = d.size() == null ? 0 : d.size().height();
    return new GeneratedImage(ImageSource.of(d.bytes()), d.mediaType(), width, height, seed, false);
  }

  /** Classifies a failed prediction by its {@code output.error_code}, else by its text. */
  private GenerationException failure(JsonNode prediction) {
    JsonNode out = prediction.path("output");
    String code = out.path("error_code").asText("");
    String message = out.path("error_message").asText("");
    if (message.isEmpty()) {
      message =
          out.isTextual()
              ? out.asText()
              : prediction.path("error").asText(out.isObject() ? out.toString() : "");
    }
    String text = "Each Labs prediction failed" + (code.isEmpty() ? "" : " (" + code + ")");
    text += message.isEmpty() ? "" : ": " + abbreviate(message);
    if (code.equals("PROVIDER_REJECTED")
        || (code.isEmpty() && CONTENT_WORDS.matcher(message).find())) {
      return new ContentRejectedException(text);
    }
    if (RETRYABLE_CODES.contains(code)) {
      return new RetryableProviderException(text, null, false, null);
    }
    return new NonRetryableProviderException(text);
  }

  private CompletableFuture<HttpResponse> send(String method, URI uri, String body) {
    Optional<Secret> key = context.credentials().lookup(CREDENTIAL);
    if (key.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException(
              "no Each Labs credential: set "
                  + CREDENTIAL
                  + " (create a key at eachlabs.ai, API Keys)"));
    }
    if (!Origins.same(uri, base)) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException(
              "refusing to send the Each Labs credential to "
                  + uri.getHost()
                  + ", which is not the configured Each Labs host"));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    headers.put(KEY_HEADER, key.get().reveal());
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

  /**
   * The response body as JSON. A 2xx answer that is not JSON is retryable; after a create it is
   * also ambiguous, since the prediction may exist although its id was lost.
   */
  private JsonNode readJson(HttpResponse resp, boolean create) {
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
      if (resp.status() < 200 || resp.status() >= 300) {
        // An error page that is not JSON: the status alone classifies it.
        return context.json().createObjectNode();
      }
      throw new RetryableProviderException(
          "Each Labs returned malformed JSON (HTTP "
              + resp.status()
              + ")"
              + (create ? "; the prediction may have been created" : ""),
          null,
          create,
          null);
    }
  }

  /** Turns an error response into the taxonomy; Each Labs errors are {@code {"error": "..."}}. */
  private GenerationException error(HttpResponse resp, JsonNode json) {
    String detail = detail(json);
    if (json.path("error_code").asText("").equals("PROVIDER_REJECTED")
        || (resp.status() < 500 && resp.status() != 429 && CONTENT_WORDS.matcher(detail).find())) {
      return new ContentRejectedException("Each Labs rejected the content: " + detail);
    }
    return HttpFailures.forStatus(
        NAME, resp.status(), detail, resp.header("Retry-After"), context.clock());
  }

  private static String detail(JsonNode json) {
    for (String field : List.of("error", "message", "detail", "error_message")) {
      JsonNode d = json.get(field);
      if (d != null && d.isTextual() && !d.asText().isBlank()) {
        return abbreviate(d.asText());
      }
    }
    return json.isEmpty() ? "" : abbreviate(json.toString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 497) + "...";
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
