package io.genport.provider.eachlabs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Cost;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.http.Origins;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.OutputImage;
import io.genport.toolkit.ResolvedModel;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorOutputs;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Each Labs' predictions API: create {@code POST {base}/prediction} with {@code {model, version,
 * input}}, poll {@code GET {base}/prediction/{id}}, cancel {@code POST
 * {base}/prediction/{id}/cancel}. Immutable and thread-safe.
 */
final class EachLabsProtocol implements JobProtocol {
  /** The version sent for a catalog entry that names none (every documented model is 0.0.1). */
  static final String DEFAULT_VERSION = "0.0.1";

  /** The currency of {@code metrics.cost}. */
  static final String CURRENCY = "USD";

  /** Ids are put into URL paths, so only plain ones are accepted. */
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

  /** The code of a content-safety refusal, on a failed prediction or an error answer. */
  private static final String REJECTED = "PROVIDER_REJECTED";

  private final URI base;
  private final Duration pollInterval;
  private final CatalogLookup catalog;
  private final ObjectMapper json;
  private final VendorFailures failures;

  /**
   * @param base the API base including its version, e.g. {@code https://api.eachlabs.ai/v1}
   * @param pollInterval the wait between polls
   * @param catalog the catalog (Each Labs takes catalog models only)
   * @param json the host's mapper
   * @param failures the classification, for answers this protocol cannot use
   */
  EachLabsProtocol(
      URI base,
      Duration pollInterval,
      CatalogLookup catalog,
      ObjectMapper json,
      VendorFailures failures) {
    this.base = requireNonNull(base, "base is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.json = requireNonNull(json, "json is null");
    this.failures = requireNonNull(failures, "failures is null");
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec == null) {
      throw catalog.unknown(model, null);
    }
    return new ResolvedModel(spec.id(), spec.id(), spec);
  }

  @Override
  public List<URI> hosts() {
    return List.of(base);
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model.vendorModel());
    String version = model.spec().version();
    body.put("version", version == null ? DEFAULT_VERSION : version);
    body.set("input", input);
    return new VendorCall(
        "POST", URI.create(base + "/prediction"), Map.of(), body.toString(), null);
  }

  @Override
  public String jobModel(PlannedCall call) {
    String model;
    try {
      model = json.readTree(call.call().body()).path("model").asText("");
    } catch (IOException | IllegalArgumentException e) {
      throw new NonRetryableProviderException("the planned Each Labs call has no JSON body");
    }
    return model.isEmpty() ? "unknown" : model;
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    JsonNode j = answer.json();
    String id = j.path("predictionID").asText(j.path("id").asText(null));
    if (id == null || id.isBlank()) {
      throw failures.missingJobId("predictionID");
    }
    if (!PREDICTION_ID.matcher(id).matches()) {
      throw failures.unexpected("sent a malformed predictionID; it cannot be polled");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("get_url", self(id));
    attrs.put("cancel_url", self(id) + "/cancel");
    return Submission.accepted(id, attrs);
  }

  @Override
  public VendorCall status(VendorJob job) {
    return VendorCall.get(own(job.attribute("get_url"), self(usableId(job))));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    JsonNode p = answer.json();
    String status = p.path("status").asText("").toLowerCase(Locale.ROOT);
    JsonNode logs = p.path("logs");
    switch (status) {
      case "created":
      case "queued":
      case "starting":
        return VendorStatus.queued(null);
      case "processing":
      case "running":
        return VendorStatus.running(lines(logs, false));
      case "success":
      case "succeeded":
        return VendorStatus.succeeded(outputs(p)).withLogs(lines(logs, true), List.of());
      case "failed":
      case "error":
        return failed(p).withLogs(lines(logs, true), List.of());
      case "cancelled":
      case "canceled":
        return VendorStatus.cancelled().withLogs(lines(logs, true), List.of());
      default:
        throw failures.unexpected("reported an unknown prediction status '" + status + "'");
    }
  }

  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    String canonical = self(usableId(job)) + "/cancel";
    return Optional.of(VendorCall.of("POST", own(job.attribute("cancel_url"), canonical)));
  }

  /** A prediction that already ended (400, 409) or is gone (404) has nothing to stop. */
  @Override
  public boolean cancelFoundJobEnded(int status) {
    return status == 400 || status == 404 || status == 409;
  }

  /** Each Labs' error bodies are {@code {"error": "..."}}, a refusal may carry its code. */
  @Override
  public VendorError readError(VendorResponse answer) {
    JsonNode j = answer.json();
    FailureClass hint =
        j.path("error_code").asText("").equals(REJECTED) ? FailureClass.CONTENT_REJECTED : null;
    return new VendorError(detail(j), hint);
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pollInterval;
  }

  private String self(String id) {
    return base + "/prediction/" + id;
  }

  /** The job's id, when it can go into a URL path. */
  private static String usableId(VendorJob job) {
    if (!PREDICTION_ID.matcher(job.id()).matches()) {
      throw new NonRetryableProviderException(
          "not an Each Labs prediction id: the job is unusable");
    }
    return job.id();
  }

  /** {@code returned} when it is on the configured host, else the canonical URL of the job. */
  private URI own(String returned, String canonical) {
    if (returned != null) {
      try {
        URI u = URI.create(returned);
        if (Origins.same(u, base)) {
          return u;
        }
      } catch (IllegalArgumentException malformed) {
        // A malformed stored URL: the canonical one reaches the same prediction.
      }
    }
    return URI.create(canonical);
  }

  /**
   * The non-blank lines of Each Labs' cumulative log text. While the job runs, a last line without
   * its newline is still being written and is held back, so it is reported whole once.
   */
  private static List<String> lines(JsonNode logs, boolean ended) {
    if (!logs.isTextual()) {
      return List.of();
    }
    String text = logs.asText();
    if (!ended) {
      text = text.substring(0, text.lastIndexOf('\n') + 1);
    }
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  private static VendorOutputs outputs(JsonNode prediction) {
    List<OutputImage> images = new ArrayList<>();
    collectUrls(prediction.path("output"), images);
    return new VendorOutputs(images, null, cost(prediction.path("metrics").path("cost")));
  }

  /** Image URLs from the output: a URL, a list of URLs or {url} objects, or {images: [...]}. */
  private static void collectUrls(JsonNode output, List<OutputImage> out) {
    if (output.isTextual()) {
      String u = output.asText();
      if (u.startsWith("http://") || u.startsWith("https://") || u.startsWith("data:")) {
        out.add(OutputImage.url(u));
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

  /**
   * A failed prediction: its {@code output.error_code} decides the class where Each Labs documents
   * it (a refusal, or a code worth a new attempt); otherwise the text does.
   */
  private static VendorStatus failed(JsonNode prediction) {
    JsonNode out = prediction.path("output");
    String code = out.path("error_code").asText("");
    String message = out.path("error_message").asText("");
    if (message.isEmpty()) {
      message =
          out.isTextual()
              ? out.asText()
              : prediction.path("error").asText(out.isObject() ? out.toString() : "");
    }
    FailureClass hint =
        code.equals(REJECTED)
            ? FailureClass.CONTENT_REJECTED
            : RETRYABLE_CODES.contains(code) ? FailureClass.RETRYABLE : null;
    String text = code.isEmpty() ? message : code + (message.isEmpty() ? "" : ": " + message);
    return VendorStatus.failed(text, hint);
  }

  private static String detail(JsonNode json) {
    for (String field : List.of("error", "message", "detail", "error_message")) {
      JsonNode d = json.get(field);
      if (d != null && d.isTextual() && !d.asText().isBlank()) {
        return d.asText();
      }
    }
    return json.isEmpty() ? "" : json.toString();
  }
}
