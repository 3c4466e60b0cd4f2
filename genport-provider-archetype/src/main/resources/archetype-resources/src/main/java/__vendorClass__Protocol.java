package ${package};

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ${vendorClass}'s wire protocol, and nothing else: where each request goes and what each answer says. The
 * toolkit's engine sends, polls, downloads and classifies failures; this class does no I/O.
 *
 * <ul>
 *   <li>submit: {@code POST {base}/generations} with {@code {"model": id, "input": {...}}}, answered
 *       {@code 201 {"id": ..., "status": "queued"}};
 *   <li>status: {@code GET {base}/generations/{id}}: {@code status} is one of {@code queued},
 *       {@code running}, {@code succeeded}, {@code failed}, {@code canceled}; a succeeded one lists
 *       {@code images} ({@code url}, {@code nsfw}) and the {@code seed};
 *   <li>cancel: {@code POST {base}/generations/{id}/cancel};
 *   <li>errors: {@code {"error": {"type": ..., "message": ...}}}.
 * </ul>
 */
final class ${vendorClass}Protocol implements JobProtocol {
  private final CatalogLookup catalog;
  private final VendorFailures failures;
  private final URI base;
  private final Duration pollInterval;
  private final ObjectMapper json;

  ${vendorClass}Protocol(
      CatalogLookup catalog,
      VendorFailures failures,
      ObjectMapper json,
      URI base,
      Duration pollInterval) {
    this.catalog = catalog;
    this.json = json;
    this.failures = failures;
    this.base = base;
    this.pollInterval = pollInterval;
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec == null) {
      throw catalog.unknown(model, null);
    }
    return new ResolvedModel(model, spec.id(), spec);
  }

  @Override
  public List<URI> hosts() {
    return List.of(base);
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    ObjectNode body = input.objectNode();
    body.put("model", model.vendorModel());
    body.set("input", input);
    return new VendorCall(
        "POST", URI.create(base + "/generations"), Map.of(), body.toString(), null);
  }

  @Override
  public String jobModel(PlannedCall call) {
    try {
      return json.readTree(call.call().body()).path("model").asText("");
    } catch (IOException e) {
      throw failures.unexpected("planned a call without a JSON body");
    }
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    String id = answer.json().path("id").asText("");
    if (id.isBlank()) {
      throw failures.missingJobId("id");
    }
    return Submission.accepted(id, Map.of());
  }

  @Override
  public VendorCall status(VendorJob job) {
    return VendorCall.get(generation(job));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    JsonNode body = answer.json();
    String status = body.path("status").asText("");
    switch (status) {
      case "queued":
        JsonNode position = body.path("queue_position");
        return VendorStatus.queued(position.isInt() ? position.asInt() : null);
      case "running":
        return VendorStatus.running(List.of());
      case "succeeded":
        List<OutputImage> images = new ArrayList<>();
        for (JsonNode image : body.path("images")) {
          images.add(
              new OutputImage(
                  image.path("url").asText(""),
                  false,
                  image.path("width").asInt(0),
                  image.path("height").asInt(0),
                  image.path("nsfw").asBoolean(false)));
        }
        if (images.isEmpty()) {
          throw failures.unexpected("reported generation " + job.id() + " succeeded with no image");
        }
        JsonNode seed = body.path("seed");
        return VendorStatus.succeeded(
            new VendorOutputs(images, seed.canConvertToLong() ? seed.asLong() : null, null));
      case "failed":
        return VendorStatus.failed(body.path("error").path("message").asText(""), null);
      case "canceled":
        return VendorStatus.cancelled();
      default:
        throw failures.unexpected("reported an unknown generation status '" + status + "'");
    }
  }

  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    return Optional.of(VendorCall.of("POST", URI.create(generation(job) + "/cancel")));
  }

  @Override
  public VendorError readError(VendorResponse answer) {
    JsonNode error = answer.json().path("error");
    String message = error.path("message").asText("");
    String type = error.path("type").asText("");
    return VendorError.of(type.isEmpty() ? message : message + " (" + type + ")");
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pollInterval;
  }

  private URI generation(VendorJob job) {
    return URI.create(
        base + "/generations/" + URLEncoder.encode(job.id(), StandardCharsets.UTF_8));
  }
}
