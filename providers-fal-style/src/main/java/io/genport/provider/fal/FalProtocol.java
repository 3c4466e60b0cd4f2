package io.genport.provider.fal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.http.Origins;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.Phase;
import io.genport.toolkit.ResolvedModel;
import io.genport.toolkit.ServerSentEvent;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * fal.ai's queue protocol (submit, status with queue position and logs, result, cancel) or its
 * synchronous {@code fal.run} protocol, whose answer carries the images. Immutable, thread-safe.
 *
 * @param catalog the catalog, with its generic entry for endpoint ids it does not list
 * @param syncBase the {@code fal.run} base URL
 * @param queueBase the queue base URL
 * @param sync whether to use {@code fal.run} rather than the queue
 * @param failures the classification, for answers this protocol cannot use
 */
record FalProtocol(
    CatalogLookup catalog, URI syncBase, URI queueBase, boolean sync, VendorFailures failures)
    implements JobProtocol {
  private static final Pattern ENDPOINT =
      Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?");
  private static final String REQUEST_ID_HEADER = "x-fal-request-id";

  /** Reads the status events of the status stream; thread-safe once configured. */
  private static final com.fasterxml.jackson.databind.ObjectMapper EVENTS =
      new com.fasterxml.jackson.databind.ObjectMapper();

  FalProtocol {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(syncBase, "syncBase is null");
    requireNonNull(queueBase, "queueBase is null");
    requireNonNull(failures, "failures is null");
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec != null) {
      return new ResolvedModel(model, spec.endpoint() != null ? spec.endpoint() : model, spec);
    }
    if (ENDPOINT.matcher(model).matches()) {
      return new ResolvedModel(model, model, catalog.generic(model));
    }
    throw catalog.unknown(model, "a fal endpoint id (owner/app[/path])");
  }

  @Override
  public List<URI> hosts() {
    return List.of(syncBase, queueBase);
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    if (sync && model.spec().param("sync_mode") != null) {
      // Inline data URIs: one request, nothing left in fal's request history.
      input.put("sync_mode", true);
    }
    URI uri = URI.create((sync ? syncBase : queueBase) + "/" + model.vendorModel());
    return new VendorCall("POST", uri, Map.of(), input.toString(), null);
  }

  /**
   * The endpoint id ({@code owner/app[/path]}) a planned URI calls: its path below the configured
   * base, which may itself have a path (a gateway or proxy prefix).
   */
  @Override
  public String jobModel(PlannedCall call) {
    URI uri = call.call().uri();
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

  /** A sync answer and a queue result may hold {@code data:} URIs: read as they arrive. */
  @Override
  public boolean answerCarriesImages(Phase phase) {
    return phase == Phase.RESULT || (sync && phase == Phase.SUBMIT);
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    if (sync) {
      String id = answer.header(REQUEST_ID_HEADER);
      FalOutput output = FalOutput.read(answer);
      return new Submission(
          id != null ? id : output.requestId() != null ? output.requestId() : "sync",
          Map.of(),
          VendorStatus.succeeded(output.outputs()));
    }
    JsonNode json = answer.json();
    String id = json.path("request_id").asText(null);
    if (id == null || id.isBlank()) {
      throw failures.missingJobId("request_id");
    }
    // fal drops the endpoint's subpath in these URLs: build the canonical ones, and follow the
    // returned ones only on the configured queue host, so the key never leaves it.
    String endpoint = jobModel(call);
    String[] parts = endpoint.split("/");
    String base = queueBase + "/" + parts[0] + "/" + parts[1] + "/requests/" + id;
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("status_url", onQueueHost(json.path("status_url"), base + "/status"));
    attrs.put("response_url", onQueueHost(json.path("response_url"), base));
    attrs.put("cancel_url", onQueueHost(json.path("cancel_url"), base + "/cancel"));
    return Submission.accepted(id, attrs);
  }

  private String onQueueHost(JsonNode returned, String canonical) {
    try {
      String url = returned.asText(null);
      return url != null && Origins.same(URI.create(url), queueBase) ? url : canonical;
    } catch (IllegalArgumentException malformed) {
      return canonical;
    }
  }

  @Override
  public VendorCall status(VendorJob job) {
    URI status = attributeUri(job, "status_url", "status");
    String s = status.toString();
    return VendorCall.get(URI.create(s + (status.getRawQuery() == null ? "?" : "&") + "logs=1"));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    JsonNode json = answer.json();
    String state = json.path("status").asText("");
    switch (state) {
      case "IN_QUEUE":
        JsonNode pos = json.get("queue_position");
        return VendorStatus.queued(pos == null || !pos.isInt() ? null : pos.asInt());
      case "IN_PROGRESS":
        List<String> logs = new ArrayList<>();
        json.path("logs").forEach(l -> logs.add(l.path("message").asText("")));
        return VendorStatus.running(logs);
      case "COMPLETED":
        String type = json.path("error_type").asText("");
        if (type.equals("client_cancelled")) {
          // fal has no CANCELLED status: a cancelled request completes with this error.
          return VendorStatus.cancelled();
        }
        // The outputs (or, for a failed run, its HTTP status and fal's retry headers) come with
        // the result fetch; an error on this status decides what that fetch's answer means.
        String error = json.hasNonNull("error") ? json.path("error").asText() : null;
        return new VendorStatus(
            VendorStatus.State.SUCCEEDED,
            null,
            List.of(),
            List.of(),
            null,
            error == null || type.isEmpty() ? error : error + " (" + type + ")",
            type.contains("content_policy") ? FailureClass.CONTENT_REJECTED : null);
      default:
        throw failures.unexpected("reported an unknown status '" + state + "'");
    }
  }

  @Override
  public VendorCall result(VendorJob job, VendorStatus completed) {
    return VendorCall.get(attributeUri(job, "response_url", "result"));
  }

  @Override
  public VendorStatus readResult(VendorJob job, VendorStatus completed, VendorResponse answer) {
    if (!answer.ok()) {
      return "client_cancelled".equals(errorType(answer)) ? VendorStatus.cancelled() : null;
    }
    FalOutput output = FalOutput.read(answer);
    if (output.hasImages() || completed.failure() == null) {
      return VendorStatus.succeeded(output.outputs());
    }
    // A success status without output: the error the COMPLETED status carried says why.
    return VendorStatus.failed(completed.failure(), completed.failureHint());
  }

  /**
   * An error of fal's app (it carries {@code x-fal-request-id}) or of a run whose COMPLETED status
   * carried an error ended the job; any other error came from fal's ingress and the job is fine.
   */
  @Override
  public boolean resultErrorIsTheJobs(VendorStatus completed, VendorResponse answer) {
    return answer.header(REQUEST_ID_HEADER) != null || completed.failure() != null;
  }

  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    if (job.attribute("cancel_url") == null) {
      return Optional.empty();
    }
    return Optional.of(VendorCall.of("PUT", attributeUri(job, "cancel_url", "cancel")));
  }

  @Override
  public String cannotCancel(VendorJob job) {
    return "fal sync mode (fal.run) cannot cancel: the request has already ended";
  }

  /** 400 {@code ALREADY_COMPLETED} and 404 {@code NOT_FOUND}: nothing is left to stop. */
  @Override
  public boolean cancelFoundJobEnded(int status) {
    return status == 400 || status == 404;
  }

  /**
   * Reads fal's two error body shapes ({@code detail} as a string or as pydantic's list) and its
   * signals: a content-policy error type, {@code X-Fal-Retryable: false}, and a user-set request
   * timeout ({@code X-Fal-Request-Timeout-Type: user}), which fal does not retry either.
   */
  @Override
  public VendorError readError(VendorResponse answer) {
    JsonNode json = answer.json();
    JsonNode d = json.path("detail");
    String detail;
    String type = errorType(answer);
    boolean content = type != null && type.contains("content_policy");
    if (d.isTextual()) {
      detail = d.asText();
    } else if (d.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : d) {
        List<String> loc = new ArrayList<>();
        item.path("loc").forEach(l -> loc.add(l.asText()));
        items.add(String.join(".", loc) + ": " + item.path("msg").asText());
        content |= item.path("type").asText("").contains("content_policy");
      }
      detail = String.join("; ", items);
    } else {
      detail = json.isEmpty() ? "" : json.toString();
    }
    if (content) {
      return new VendorError(detail, FailureClass.CONTENT_REJECTED);
    }
    boolean noRetry =
        "user".equalsIgnoreCase(answer.header("X-Fal-Request-Timeout-Type"))
            || "false".equalsIgnoreCase(answer.header("X-Fal-Retryable"));
    return new VendorError(detail, noRetry ? FailureClass.NOT_RETRYABLE : null);
  }

  private static String errorType(VendorResponse answer) {
    String type = answer.json().path("error_type").asText(null);
    return type != null ? type : answer.header("X-Fal-Error-Type");
  }

  /**
   * The queue's status stream ({@code .../status/stream}, section 1.8 of the contracts): a {@code
   * data:} event per status change, COMPLETED last. Without logs: the router only needs the end,
   * and the poll it then sends reads the logs.
   */
  @Override
  public Optional<VendorCall> statusStream(VendorJob job) {
    if (sync || job.finished() != null) {
      return Optional.empty();
    }
    URI status = attributeUri(job, "status_url", "status");
    String s = status.toString();
    int query = s.indexOf('?');
    String path = query < 0 ? s : s.substring(0, query);
    String rest = query < 0 ? "" : "&" + s.substring(query + 1);
    return Optional.of(
        new VendorCall(
            "GET",
            URI.create(path + "/stream?logs=0" + rest),
            Map.of("Accept", "text/event-stream"),
            null,
            null));
  }

  @Override
  public boolean streamSaysEnded(VendorJob job, ServerSentEvent event) {
    try {
      return "COMPLETED".equals(EVENTS.readTree(event.data()).path("status").asText(""));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  private URI attributeUri(VendorJob job, String attribute, String what) {
    try {
      return URI.create(job.attribute(attribute));
    } catch (RuntimeException e) {
      throw failures.unexpected("job " + job.id() + " has no valid " + what + " URL");
    }
  }
}
