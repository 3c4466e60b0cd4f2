package io.genport.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Cost;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A small queue-style vendor, "Acme", for the engine's tests.
 *
 * <ul>
 *   <li>{@code POST /v1/jobs} with header {@code X-Acme-Model}: {@code {"id": ..., "status_url":
 *       ...}}, or a finished job ({@code "status": "succeeded"} with images) for a synchronous
 *       answer;
 *   <li>{@code GET /v1/jobs/{id}} (or the {@code status_url} the submit returned, followed as it
 *       is, so the client's host check is what keeps the key home): {@code queued} with {@code
 *       position}, {@code running} with cumulative {@code logs}, {@code succeeded} with {@code
 *       images}, {@code seed}, {@code cost}, {@code run_time}, {@code failed} with {@code error}
 *       and {@code code}, {@code cancelled};
 *   <li>with {@link #outputsFromResult}, a succeeded status carries no images: they come from
 *       {@code GET /v1/jobs/{id}/result};
 *   <li>{@code POST /v1/jobs/{id}/cancel} unless {@link #cancellable} is off;
 *   <li>errors: {@code {"error": ..., "type": "content_policy"}}, header {@code X-Should-Retry:
 *       false}.
 * </ul>
 */
final class FakeQueueProtocol implements JobProtocol {
  static final URI BASE = URI.create("https://api.acme.test/v1");
  static final String JOBS = BASE + "/jobs";
  static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  private static final Pattern VENDOR_ID = Pattern.compile("[a-z0-9-]+/[a-z0-9-]+");

  private final CatalogLookup catalog;
  private final VendorFailures failures;

  /** Whether a succeeded status leaves the outputs to a result request. */
  volatile boolean outputsFromResult;

  /** What {@link #resultErrorIsTheJobs} answers. */
  volatile boolean resultErrorIsTheJobs;

  /** Whether jobs can be cancelled. */
  volatile boolean cancellable = true;

  FakeQueueProtocol(CatalogLookup catalog, VendorFailures failures) {
    this.catalog = catalog;
    this.failures = failures;
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec != null) {
      return new ResolvedModel(model, spec.endpoint() == null ? spec.id() : spec.endpoint(), spec);
    }
    if (VENDOR_ID.matcher(model).matches()) {
      return new ResolvedModel(model, model, catalog.generic(model));
    }
    throw catalog.unknown(model, "an Acme model id (owner/name)");
  }

  @Override
  public List<URI> hosts() {
    return List.of(BASE);
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    ObjectNode body = input.objectNode();
    body.put("model", model.vendorModel());
    body.set("input", input);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Acme-Model", model.target());
    headers.put("X-Acme-Part", Integer.toString(part.index()));
    return new VendorCall("POST", URI.create(JOBS), headers, body.toString(), null);
  }

  @Override
  public String jobModel(PlannedCall call) {
    return call.call().headers().get("X-Acme-Model");
  }

  /** The model the answer names, when it names one (as Replicate does for a version id). */
  @Override
  public String jobModel(PlannedCall call, VendorResponse answer) {
    return answer.json().path("model").asText(jobModel(call));
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    JsonNode json = answer.json();
    String id = json.path("id").asText("");
    if (id.isBlank()) {
      throw failures.missingJobId("id");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    if (json.hasNonNull("status_url")) {
      attrs.put("status_url", json.get("status_url").asText());
    }
    if (json.has("status")) {
      return new Submission(id, attrs, read(json, "submit"));
    }
    return Submission.accepted(id, attrs);
  }

  @Override
  public VendorCall status(VendorJob job) {
    String url = job.attribute("status_url");
    return VendorCall.get(URI.create(url != null ? url : JOBS + "/" + job.id()));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    return read(answer.json(), job.id());
  }

  private VendorStatus read(JsonNode json, String id) {
    List<String> logs = new ArrayList<>();
    json.path("logs").forEach(l -> logs.add(l.asText()));
    List<String> end =
        json.has("run_time")
            ? List.of("run time: " + json.get("run_time").asText() + " s")
            : List.of();
    String status = json.path("status").asText("");
    switch (status) {
      case "queued":
        return VendorStatus.queued(json.has("position") ? json.get("position").asInt() : null);
      case "running":
        return VendorStatus.running(logs);
      case "succeeded":
        return VendorStatus.succeeded(outputsFromResult ? null : outputs(json)).withLogs(logs, end);
      case "failed":
        return VendorStatus.failed(json.path("error").asText(null), hint(json.path("code")))
            .withLogs(logs, end);
      case "cancelled":
        return VendorStatus.cancelled().withLogs(logs, end);
      default:
        throw failures.unexpected("reported an unknown status '" + status + "' for job " + id);
    }
  }

  private static FailureClass hint(JsonNode code) {
    switch (code.asText("")) {
      case "content_policy":
        return FailureClass.CONTENT_REJECTED;
      case "capacity":
        return FailureClass.RETRYABLE;
      case "bad_input":
        return FailureClass.NOT_RETRYABLE;
      default:
        return null;
    }
  }

  private static VendorOutputs outputs(JsonNode json) {
    List<OutputImage> images = new ArrayList<>();
    for (JsonNode img : json.path("images")) {
      if (img.has("decoded")) {
        // The protocol decodes the image itself and hands over its bytes.
        images.add(OutputImage.decoded(Base64.getDecoder().decode(img.get("decoded").asText())));
        continue;
      }
      images.add(
          img.has("b64")
              ? OutputImage.inline(img.get("b64").asText())
              : OutputImage.url(img.asText()));
    }
    JsonNode seed = json.path("seed");
    return new VendorOutputs(
        images,
        seed.isIntegralNumber() ? seed.asLong() : null,
        json.has("cost") ? new Cost(json.get("cost").decimalValue(), "USD") : null);
  }

  @Override
  public VendorCall result(VendorJob job, VendorStatus completed) {
    return VendorCall.get(URI.create(JOBS + "/" + job.id() + "/result"));
  }

  @Override
  public VendorStatus readResult(VendorJob job, VendorStatus completed, VendorResponse answer) {
    return answer.ok() ? VendorStatus.succeeded(outputs(answer.json())) : null;
  }

  @Override
  public boolean resultErrorIsTheJobs(VendorStatus completed, VendorResponse answer) {
    return resultErrorIsTheJobs;
  }

  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    return cancellable
        ? Optional.of(VendorCall.of("POST", URI.create(JOBS + "/" + job.id() + "/cancel")))
        : Optional.empty();
  }

  @Override
  public String cannotCancel(VendorJob job) {
    return "Acme jobs cannot be cancelled; job " + job.id() + " runs to its end";
  }

  @Override
  public VendorError readError(VendorResponse answer) {
    JsonNode json = answer.json();
    FailureClass hint = null;
    if ("content_policy".equals(json.path("type").asText())) {
      hint = FailureClass.CONTENT_REJECTED;
    } else if ("false".equals(answer.header("X-Should-Retry"))) {
      hint = FailureClass.NOT_RETRYABLE;
    }
    return new VendorError(json.path("error").asText(""), hint);
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return POLL_INTERVAL;
  }
}
