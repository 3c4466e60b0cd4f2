package io.genport.provider.oxen;

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
import io.genport.spi.download.ImageProbe;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpFailures;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.Origins;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Oxen.ai over its async queue (default) or its synchronous image endpoints. Thread-safe. */
final class OxenProvider implements ImageProvider {
  static final String NAME = "oxen";
  static final String CREDENTIAL = "OXEN_API_KEY";
  static final String GENERIC = "generic";
  static final String GENERATE = "images/generate";
  static final String EDIT = "images/edit";
  private static final int MAX_JSON_BYTES = 64 * 1024 * 1024;
  private static final int MAX_DETAIL = 500;
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

  /** Billing failures: Oxen's documented "Insufficient credits" and close variants. */
  private static final Pattern CREDITS =
      Pattern.compile("(?i)insufficient[ _]credits?|out of credits|not enough credits");

  /** Content refusals (Oxen documents none; these are the safety checkers' usual words). */
  private static final Pattern CONTENT =
      Pattern.compile(
          "(?i)nsfw|content[ _]polic|safety[ _](checker|filter|system)|flagged|moderation"
              + "|inappropriate");

  /** Failures that a later attempt may not hit. */
  private static final Pattern TRANSIENT =
      Pattern.compile(
          "(?i)timed out|timeout|temporar|unavailable|overloaded|internal error|try again");

  private final ModelCatalog catalog;
  private final ProviderContext context;
  private final URI base;
  private final boolean syncMode;
  private final boolean b64Json;
  private final String namespace;
  private final DownloadPolicy downloads;
  private final ResultDownloader downloader;

  OxenProvider(
      ModelCatalog catalog,
      ProviderContext context,
      URI base,
      boolean syncMode,
      boolean b64Json,
      String namespace,
      DownloadPolicy downloads) {
    this.catalog = catalog;
    this.context = context;
    this.base = base;
    this.syncMode = syncMode;
    this.b64Json = b64Json;
    this.namespace = namespace;
    this.downloads = downloads;
    this.downloader = new ResultDownloader(context.transport(), downloads);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public java.util.List<String> models() {
    java.util.List<String> ids = new java.util.ArrayList<>(catalog.models().keySet());
    ids.remove(GENERIC);
    return ids;
  }

  @Override
  public ModelCapabilities describe(String model) {
    return spec(model).capabilities();
  }

  private ModelSpec spec(String model) {
    ModelSpec spec = catalog.find(model);
    if (spec != null && !spec.id().equals(GENERIC) && !model.equals(spec.endpoint())) {
      return spec;
    }
    if (MODEL_ID.matcher(model).matches() && !model.equals(GENERATE) && !model.equals(EDIT)) {
      return catalog.require(GENERIC);
    }
    throw new InvalidRequestException(
        "model",
        "'"
            + model
            + "' is neither an Oxen catalog model nor an Oxen model id; catalog models: "
            + String.join(", ", catalog.models().keySet()));
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ModelSpec spec = spec(model);
    String oxenModel = spec.id().equals(GENERIC) ? model : spec.id();
    Translation t = NativeTranslator.translate(request, spec, NAME, context.random());
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      ObjectNode input = t.bodies().get(i);
      ObjectNode body = context.json().createObjectNode();
      body.put("model", oxenModel);
      body.setAll(input);
      if (namespace != null) {
        body.put("target_namespace", namespace);
      }
      URI uri;
      if (syncMode) {
        body.put("response_format", b64Json ? "b64_json" : "url");
        uri = URI.create(base + "/" + syncPath(spec, input));
      } else {
        uri = URI.create(base + "/queue");
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

  /**
   * The synchronous path: the catalog's {@code endpoint} ({@code images/generate} when it has
   * none), or {@code images/edit} for a generate model whose call carries input images.
   */
  private static String syncPath(ModelSpec spec, ObjectNode input) {
    String path = spec.endpoint() == null ? GENERATE : spec.endpoint();
    if (!path.equals(GENERATE) && !path.equals(EDIT)) {
      throw new InvalidRequestException(
          "model",
          "catalog model '"
              + spec.id()
              + "' has endpoint '"
              + path
              + "'; an Oxen endpoint is "
              + GENERATE
              + " or "
              + EDIT);
    }
    if (path.equals(GENERATE)
        && spec.references() != null
        && input.hasNonNull(spec.references().param())) {
      return EDIT;
    }
    return path;
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    NativeCall c = call.call();
    JsonNode sent;
    try {
      sent = context.json().readTree(c.body());
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new InvalidRequestException("body", "the planned Oxen call has no JSON body"));
    }
    Target target = new Target(NAME, sent.path("model").asText(""));
    boolean queue = c.uri().getPath().endsWith("/queue");
    return send("POST", c.uri(), c.body())
        .thenCompose(
            resp -> {
              JsonNode json = readJson(resp);
              if (resp.status() / 100 != 2) {
                throw error(resp, json);
              }
              if (!queue) {
                return images(json, call.part())
                    .thenApply(
                        s ->
                            new VendorJob(
                                target,
                                "sync-" + json.path("created").asText("0"),
                                attributes(target, call.part()),
                                s));
              }
              return CompletableFuture.completedFuture(receipt(target, json, call.part()));
            });
  }

  private static VendorJob receipt(Target target, JsonNode json, CallPart part) {
    JsonNode gens = json.path("generations");
    String id =
        gens.isArray() && gens.size() > 0 ? gens.get(0).path("generation_id").asText(null) : null;
    if (id == null || id.isBlank()) {
      throw new NonRetryableProviderException(
          "Oxen accepted the request but sent no generation_id");
    }
    return new VendorJob(target, id, attributes(target, part));
  }

  private static Map<String, String> attributes(Target target, CallPart part) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("model", target.model());
    if (part.seed() != null) {
      attrs.put("seed", part.seed().toString());
    }
    return attrs;
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(job.finished());
    }
    return send("GET", generationUri(job), null)
        .thenCompose(
            resp -> {
              JsonNode json = readJson(resp);
              if (resp.status() / 100 != 2) {
                throw error(resp, json);
              }
              String status = json.path("status").asText("");
              switch (status) {
                case "queued":
                  return done(new JobStatus.Queued(null));
                case "processing":
                  return done(new JobStatus.Running(List.of()));
                case "succeeded":
                  return succeeded(json, job);
                case "failed":
                  return done(new JobStatus.Failed(failure(json.path("error_message").asText(""))));
                case "cancelled":
                case "canceled":
                  return done(new JobStatus.Cancelled());
                default:
                  throw new NonRetryableProviderException(
                      "Oxen reported an unknown generation status '" + status + "'");
              }
            });
  }

  private CompletableFuture<JobStatus> succeeded(JsonNode json, VendorJob job) {
    String url = json.path("result_url").asText("");
    if (url.isBlank()) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException(
              "Oxen reported generation " + job.id() + " succeeded but sent no result_url"));
    }
    String seedAttr = job.attribute("seed");
    Long seed =
        json.path("seed").canConvertToLong() && json.path("seed").isIntegralNumber()
            ? Long.valueOf(json.get("seed").asLong())
            : seedAttr == null ? null : Long.valueOf(seedAttr);
    return downloader
        .fetch(url)
        .thenApply(d -> new JobStatus.Succeeded(List.of(image(d, seed)), null));
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.failedFuture(
          new UnsupportedCapabilityException(
              null,
              "an Oxen synchronous call has already answered with its images; only queued"
                  + " generations can be cancelled"));
    }
    return send("DELETE", generationUri(job), null)
        .thenAccept(
            resp -> {
              JsonNode json = readJson(resp);
              // 404: Oxen knows no such generation, so there is nothing left to stop.
              if (resp.status() / 100 != 2 && resp.status() != 404) {
                throw error(resp, json);
              }
            });
  }

  private URI generationUri(VendorJob job) {
    return URI.create(
        base + "/queue/" + URLEncoder.encode(job.id(), StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** The images of a synchronous response: {@code url}, the older {@code image_url}, or base64. */
  private CompletableFuture<JobStatus.Succeeded> images(JsonNode out, CallPart part) {
    JsonNode images = out.path("images");
    if (!images.isArray() || images.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NonRetryableProviderException("Oxen returned no images"));
    }
    List<CompletableFuture<GeneratedImage>> fetches = new ArrayList<>();
    for (JsonNode img : images) {
      CompletableFuture<DownloadedImage> d;
      if (img.hasNonNull("b64_json")) {
        d = decode(img.get("b64_json").asText());
      } else {
        String url =
            img.hasNonNull("url") ? img.get("url").asText() : img.path("image_url").asText("");
        d =
            url.isBlank()
                ? CompletableFuture.failedFuture(
                    new NonRetryableProviderException("Oxen returned an image without a URL"))
                : downloader.fetch(url);
      }
      fetches.add(d.thenApply(x -> image(x, part.seed())));
    }
    return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<GeneratedImage> list = new ArrayList<>();
              fetches.forEach(f -> list.add(f.join()));
              return new JobStatus.Succeeded(list, null);
            });
  }

  private CompletableFuture<DownloadedImage> decode(String base64) {
    try {
      if ((long) base64.length() * 3 / 4 > downloads.maxBytes() + 3) {
        throw new NonRetryableProviderException(
            "inline image is larger than the " + downloads.maxBytes() + "-byte limit");
      }
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new NonRetryableProviderException("Oxen returned b64_json that is not base64");
      }
      String type = ImageProbe.mediaType(bytes);
      if (type == null) {
        throw new NonRetryableProviderException(
            "Oxen returned b64_json that is not a PNG, JPEG, WebP or GIF image");
      }
      return CompletableFuture.completedFuture(
          new DownloadedImage(bytes, type, ImageProbe.size(bytes)));
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static GeneratedImage image(DownloadedImage d, Long seed) {
    int w = d.size() == null ? 0 : d.size().width();
    int h = d.size() == null ? 0 : d.size().height();
    return new GeneratedImage(ImageSource.of(d.bytes()), d.mediaType(), w, h, seed, false);
  }

  // ---------------------------------------------------------------- HTTP and errors

  private CompletableFuture<HttpResponse> send(String method, URI uri, String body) {
    Secret key;
    try {
      key = credential();
      if (!ownHost(uri)) {
        throw new NonRetryableProviderException(
            "refusing to send the Oxen credential to "
                + uri.getHost()
                + ", which is not the configured Oxen API");
      }
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    headers.put("Authorization", "Bearer " + key.reveal());
    HttpRequest req =
        new HttpRequest(
            method,
            uri,
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            null);
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
    Optional<Secret> key = context.credentials().lookup(CREDENTIAL);
    if (key.isEmpty()) {
      throw new NonRetryableProviderException(
          "no Oxen.ai credential: set "
              + CREDENTIAL
              + " (create an API key in your oxen.ai account settings)");
    }
    return key.get();
  }

  /** Same scheme, host and port as the configured base, and a path below its path. */
  private boolean ownHost(URI u) {
    return Origins.within(u, base);
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
      if (resp.status() / 100 != 2) {
        // An error page that is not JSON: classify by status alone.
        return context.json().createObjectNode();
      }
      throw new RetryableProviderException(
          "Oxen returned malformed JSON (HTTP " + resp.status() + ")", null, false, null);
    }
  }

  /** Turns an error response into the taxonomy, reading both of Oxen's error shapes. */
  private GenerationException error(HttpResponse resp, JsonNode json) {
    int status = resp.status();
    String detail = detail(json);
    String type =
        json.path("error").path("type").asText("") + " " + json.path("status_message").asText("");
    if (CREDITS.matcher(detail).find() || CREDITS.matcher(type).find()) {
      return new NonRetryableProviderException(
          "Oxen.ai: "
              + (detail.isEmpty() ? "Insufficient credits" : detail)
              + " (HTTP "
              + status
              + "; add credits to the Oxen.ai account)",
          status,
          null);
    }
    if (status < 500 && CONTENT.matcher(detail).find()) {
      return new ContentRejectedException("Oxen.ai rejected the content: " + detail);
    }
    return HttpFailures.forStatus(
        NAME, status, detail, resp.header("Retry-After"), context.clock());
  }

  /** Classifies the {@code error_message} of a failed generation. */
  static GenerationException failure(String message) {
    String msg = message == null || message.isBlank() ? "no error message" : message.strip();
    if (CREDITS.matcher(msg).find()) {
      return new NonRetryableProviderException(
          "Oxen.ai generation failed: " + msg + " (add credits to the Oxen.ai account)");
    }
    if (CONTENT.matcher(msg).find()) {
      return new ContentRejectedException("Oxen.ai rejected the content: " + msg);
    }
    if (TRANSIENT.matcher(msg).find()) {
      // The generation ended, so a new attempt cannot run twice: retryable, not ambiguous.
      return new RetryableProviderException("Oxen.ai generation failed: " + msg, null, false, null);
    }
    return new NonRetryableProviderException("Oxen.ai generation failed: " + msg);
  }

  /** The error text of either shape: {@code error.detail}, {@code error.message}, the title. */
  private static String detail(JsonNode json) {
    JsonNode e = json.path("error");
    String text;
    if (e.isTextual()) {
      text = e.asText();
    } else if (e.hasNonNull("detail")) {
      text = e.get("detail").asText();
    } else if (e.hasNonNull("message")) {
      text = e.get("message").asText();
    } else if (e.hasNonNull("title")) {
      text = e.get("title").asText();
    } else if (json.hasNonNull("message")) {
      text = json.get("message").asText();
    } else if (json.hasNonNull("status_message")) {
      text = json.get("status_message").asText();
    } else {
      text = json.isEmpty() ? "" : json.toString();
    }
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
