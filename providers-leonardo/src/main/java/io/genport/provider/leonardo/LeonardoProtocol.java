package io.genport.provider.leonardo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.Cost;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
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
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Leonardo.ai's generations API: create {@code POST {base}/generations} (v1: {@code modelId} plus
 * the model's parameters) or {@code POST {v2}/generations} ({@code {model, parameters, public}},
 * for the newer models the catalog marks {@code v2}); poll {@code GET {base}/generations/{id}}
 * until {@code COMPLETE} or {@code FAILED}. There is no cancel. Immutable and thread-safe.
 */
final class LeonardoProtocol implements JobProtocol {
  /** Leonardo's model ids (platform models and fine-tunes alike) are UUIDs. */
  static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Generation ids go into URL paths, so only plain ones are accepted. */
  private static final Pattern GENERATION_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

  /** The unit of a cost in Leonardo's API credits. */
  static final String CREDITS = "credits";

  /** Job attributes: the model (for the target) and the cost the create answer stated. */
  static final String MODEL = "model";

  static final String COST = "cost";
  static final String COST_UNIT = "costUnit";

  /** The API versions a catalog entry may name; an entry without one is v1. */
  static final String V1 = "v1";

  static final String V2 = "v2";

  /** Where a failed generation may carry its reason; Leonardo documents none (inferred). */
  private static final List<String> REASON_FIELDS =
      List.of("failureReason", "failure_reason", "error", "errorMessage", "message", "reason");

  /** The texts of a refused key, whatever the HTTP status it comes with. */
  private static final Pattern KEY_REFUSED =
      Pattern.compile("authorization hook|authentication hook", Pattern.CASE_INSENSITIVE);

  private final URI base;
  private final URI v2Base;
  private final Duration pollInterval;
  private final CatalogLookup catalog;
  private final ObjectMapper json;
  private final VendorFailures failures;
  private final String credentialName;

  /**
   * @param base the v1 API base, e.g. {@code https://cloud.leonardo.ai/api/rest/v1}
   * @param v2Base the v2 API base, or {@code null} when none can be derived or is configured
   * @param pollInterval the wait between polls
   * @param catalog the catalog, with its generic entry for other model UUIDs
   * @param json the host's mapper
   * @param failures the classification
   * @param credentialName the credential, named when a refused key comes with an unusual status
   */
  LeonardoProtocol(
      URI base,
      URI v2Base,
      Duration pollInterval,
      CatalogLookup catalog,
      ObjectMapper json,
      VendorFailures failures,
      String credentialName) {
    this.base = requireNonNull(base, "base is null");
    this.v2Base = v2Base;
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.json = requireNonNull(json, "json is null");
    this.failures = requireNonNull(failures, "failures is null");
    this.credentialName = requireNonNull(credentialName, "credentialName is null");
  }

  @Override
  public List<URI> hosts() {
    return v2Base == null ? List.of(base) : List.of(base, v2Base);
  }

  /**
   * A catalog id ({@code phoenix-1.0}), the UUID of a catalog model (which then has its entry), or
   * any other model UUID, such as a fine-tune of your own, described by the generic entry.
   */
  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec == null && UUID.matcher(model).matches()) {
      spec = catalog.listed(model.toLowerCase(Locale.ROOT));
    }
    if (spec != null) {
      return new ResolvedModel(model, wireModel(spec), spec);
    }
    if (UUID.matcher(model).matches()) {
      return new ResolvedModel(model, model.toLowerCase(Locale.ROOT), catalog.generic(model));
    }
    throw catalog.unknown(model, "a Leonardo model UUID (a platform model or your own fine-tune)");
  }

  /** The model as Leonardo names it: the entry's {@code endpoint}, a UUID for v1 entries. */
  private static String wireModel(ModelSpec spec) {
    String wire = spec.endpoint();
    String version = version(spec);
    if (wire == null || (version.equals(V1) && !UUID.matcher(wire).matches())) {
      throw new InvalidRequestException(
          "model",
          "catalog model '"
              + spec.id()
              + "' needs an endpoint: its Leonardo model "
              + (version.equals(V1) ? "UUID" : "name"));
    }
    return wire;
  }

  /** The API version of an entry: {@code v1} unless it says {@code v2}. */
  private static String version(ModelSpec spec) {
    String v = spec.version() == null ? V1 : spec.version();
    if (!v.equals(V1) && !v.equals(V2)) {
      throw new InvalidRequestException(
          "model",
          "catalog model '" + spec.id() + "' has version '" + v + "'; Leonardo's are v1 and v2");
    }
    return v;
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    ObjectNode body = json.createObjectNode();
    URI uri;
    if (version(model.spec()).equals(V2)) {
      if (v2Base == null) {
        throw new InvalidRequestException(
            "v2-base-url",
            "is required for model '"
                + model.target()
                + "' (Leonardo's v2 API) when base-url does not end in /v1");
      }
      // v2 takes the model's parameters in an object of their own, and public beside them.
      ObjectNode parameters = input.deepCopy();
      JsonNode isPublic = parameters.remove("public");
      body.put("model", model.vendorModel());
      body.set("parameters", parameters);
      if (isPublic != null) {
        body.set("public", isPublic);
      }
      uri = URI.create(v2Base + "/generations");
    } else {
      body.put("modelId", model.vendorModel());
      body.setAll(input);
      // The target names the model: a modelId passed as a native parameter does not replace it.
      body.put("modelId", model.vendorModel());
      uri = URI.create(base + "/generations");
    }
    return new VendorCall("POST", uri, Map.of(), body.toString(), null);
  }

  /** The catalog id of the model the call creates, or its UUID for a model the catalog lacks. */
  @Override
  public String jobModel(PlannedCall call) {
    JsonNode body;
    try {
      body = json.readTree(call.call().body());
    } catch (IOException | IllegalArgumentException e) {
      throw new NonRetryableProviderException("the planned Leonardo.ai call has no JSON body");
    }
    String wire = body.path(body.has("modelId") ? "modelId" : "model").asText("");
    if (wire.isEmpty()) {
      return "unknown";
    }
    ModelSpec spec = catalog.listed(wire);
    return spec == null ? wire : spec.id();
  }

  /**
   * Reads {@code {"sdGenerationJob": {"generationId", "apiCreditCost", "cost"}}}, or the v2 answer,
   * whose shape is not documented: its job is the first object that holds a {@code generationId}.
   */
  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    JsonNode job = createdJob(answer.json());
    String id = job == null ? "" : job.path("generationId").asText("");
    if (id.isBlank()) {
      throw failures.missingJobId("sdGenerationJob.generationId");
    }
    if (!GENERATION_ID.matcher(id).matches()) {
      throw failures.unexpected("sent a malformed generationId; it cannot be polled");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(MODEL, jobModel(call));
    Cost cost = cost(job);
    if (cost != null) {
      attrs.put(COST, cost.amount().toPlainString());
      attrs.put(COST_UNIT, cost.currency());
    }
    return Submission.accepted(id, attrs);
  }

  private static JsonNode createdJob(JsonNode answer) {
    for (String key : List.of("sdGenerationJob", "generate", "generation")) {
      if (answer.path(key).isObject()) {
        return answer.get(key);
      }
    }
    if (answer.has("generationId")) {
      return answer;
    }
    for (Iterator<JsonNode> it = answer.elements(); it.hasNext(); ) {
      JsonNode child = it.next();
      if (child.isObject() && child.has("generationId")) {
        return child;
      }
    }
    return null;
  }

  /**
   * What the create answer says the generation costs: {@code apiCreditCost} in credits, else the
   * {@code cost} object ({@code CREDITS}, or {@code DOLLARS} as USD), else nothing.
   */
  static Cost cost(JsonNode job) {
    BigDecimal credits = decimal(job.path("apiCreditCost"));
    if (credits != null) {
      return new Cost(credits, CREDITS);
    }
    JsonNode cost = job.path("cost");
    BigDecimal amount = decimal(cost.path("amount"));
    if (amount == null) {
      return null;
    }
    switch (cost.path("unit").asText("").toUpperCase(Locale.ROOT)) {
      case "CREDITS":
        return new Cost(amount, CREDITS);
      case "DOLLARS":
        return new Cost(amount, "USD");
      default:
        return null;
    }
  }

  private static BigDecimal decimal(JsonNode n) {
    if (!n.isNumber() && !n.isTextual()) {
      return null;
    }
    try {
      BigDecimal d = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().strip());
      return d.signum() < 0 ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public VendorCall status(VendorJob job) {
    return VendorCall.get(URI.create(base + "/generations/" + usableId(job)));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    JsonNode g = answer.json().path("generations_by_pk");
    if (!g.isObject()) {
      // Leonardo writes the generation before it answers the create (the id is its key), so a
      // missing record later means it was deleted or belongs to another key: polling again would
      // only give the same answer.
      throw failures.unexpected(
          "has no generation "
              + job.id()
              + " (generations_by_pk is null): it was deleted, or was made with another API key");
    }
    String status = g.path("status").asText("");
    switch (status) {
      case "PENDING":
        // Leonardo has one state before the end; it covers both waiting and running.
        return VendorStatus.running(List.of());
      case "COMPLETE":
        return VendorStatus.succeeded(outputs(job, g));
      case "FAILED":
        return VendorStatus.failed(reason(g), null);
      default:
        throw failures.unexpected("reported an unknown generation status '" + status + "'");
    }
  }

  /** The images with their {@code nsfw} flags, the seed Leonardo used, and the stated cost. */
  private VendorOutputs outputs(VendorJob job, JsonNode g) {
    int w = g.path("imageWidth").asInt(0);
    int h = g.path("imageHeight").asInt(0);
    List<OutputImage> images = new ArrayList<>();
    for (JsonNode img : g.path("generated_images")) {
      String url = img.path("url").asText("");
      if (url.isBlank()) {
        throw failures.unexpected("reported an image of generation " + job.id() + " without a url");
      }
      images.add(new OutputImage(url, false, w, h, img.path("nsfw").asBoolean(false)));
    }
    return new VendorOutputs(images, seed(g.path("seed")), cost(job));
  }

  /** The seed as a number, or as a string holding one (the webhook's form); else none. */
  private static Long seed(JsonNode s) {
    if (s.isIntegralNumber() && s.canConvertToLong()) {
      return s.asLong();
    }
    if (s.isTextual()) {
      try {
        return Long.valueOf(s.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Cost cost(VendorJob job) {
    String amount = job.attribute(COST);
    String unit = job.attribute(COST_UNIT);
    if (amount == null || unit == null) {
      return null;
    }
    try {
      return new Cost(new BigDecimal(amount), unit);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String reason(JsonNode g) {
    for (String field : REASON_FIELDS) {
      JsonNode r = g.get(field);
      if (r != null && r.isTextual() && !r.asText().isBlank()) {
        return r.asText();
      }
    }
    return "Leonardo.ai reported the generation FAILED without a reason";
  }

  /** Leonardo has no cancel endpoint; deleting a generation is not a cancel and is not done. */
  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    return Optional.empty();
  }

  @Override
  public String cannotCancel(VendorJob job) {
    return "Leonardo.ai has no cancel: generation "
        + job.id()
        + " runs to its end and stays pollable (deleting it would only remove its record, so"
        + " GenPort does not)";
  }

  /**
   * Leonardo's error bodies are {@code {"error", "path", "code"}}. The path names the field of a
   * validation error. A refused key is recognised by its text, whatever status it comes with.
   */
  @Override
  public VendorError readError(VendorResponse answer) {
    JsonNode j = answer.json();
    String text;
    JsonNode e = j.get("error");
    if (e != null && e.isTextual()) {
      text = e.asText();
    } else if (e != null && e.isObject() && e.hasNonNull("message")) {
      text = e.get("message").asText();
    } else if (j.hasNonNull("message")) {
      text = j.get("message").asText();
    } else {
      text = j.isEmpty() ? "" : j.toString();
    }
    String path = j.path("path").asText("");
    if (!path.isEmpty() && !path.equals("$")) {
      text = text + " (at " + path + ")";
    }
    int status = answer.status();
    if (status != 401 && status != 403 && KEY_REFUSED.matcher(text).find()) {
      return new VendorError(
          text + " (the API key was refused: check " + credentialName + ")",
          FailureClass.NOT_RETRYABLE);
    }
    return VendorError.of(text);
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pollInterval;
  }

  /** The job's id, when it can go into a URL path. */
  private static String usableId(VendorJob job) {
    if (!GENERATION_ID.matcher(job.id()).matches()) {
      throw new NonRetryableProviderException(
          "not a Leonardo.ai generation id: the job is unusable");
    }
    return job.id();
  }
}
