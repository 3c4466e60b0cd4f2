package io.genport.provider.replicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.http.Origins;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.JobProvider;
import io.genport.toolkit.ResolvedModel;
import io.genport.toolkit.Submission;
import io.genport.toolkit.SubmittedPage;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's prediction API. A target is a catalog id ({@code flux-schnell}), an official model
 * {@code owner/name} ({@code POST {base}/models/{owner}/{name}/predictions}) or a version {@code
 * owner/name:version} ({@code POST {base}/predictions} with {@code version}). The create asks for
 * {@code Prefer: wait=N}, so a fast model finishes in that one request; otherwise {@code urls.get}
 * is polled, and {@code urls.cancel} cancels, each only on the configured host (which alone ever
 * sees the token). Immutable and thread-safe.
 */
final class ReplicateProtocol implements JobProtocol {
  static final String GET_URL = "get_url";
  static final String CANCEL_URL = "cancel_url";

  private static final Pattern TARGET =
      Pattern.compile("([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(:([A-Za-z0-9]+))?");
  private static final String PREDICTIONS = "/predictions";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Extra time for the create's response beyond what {@code Prefer: wait} asks the server for. */
  private static final Duration WAIT_MARGIN = Duration.ofSeconds(30);

  private final CatalogLookup catalog;
  private final URI base;
  private final int waitSeconds;
  private final Map<String, String> specAliases;
  private final Duration pollInterval;
  private final VendorFailures failures;

  /**
   * @param base the API base, {@code /v1} included
   * @param waitSeconds the seconds of {@code Prefer: wait}; 0 sends none
   * @param specAliases catalog ids whose tables serve other {@code owner/name}s
   */
  ReplicateProtocol(
      CatalogLookup catalog,
      URI base,
      int waitSeconds,
      Map<String, String> specAliases,
      Duration pollInterval,
      VendorFailures failures) {
    this.catalog = catalog;
    this.base = base;
    this.waitSeconds = waitSeconds;
    this.specAliases = Map.copyOf(specAliases);
    this.pollInterval = pollInterval;
    this.failures = failures;
  }

  /**
   * A catalog model, or any {@code owner/name[:version]}: described by the catalog entry with that
   * endpoint, the one its {@code model-spec.} setting names, or the generic entry.
   */
  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec listed = catalog.listed(model);
    if (listed != null) {
      if (listed.endpoint() == null || !TARGET.matcher(listed.endpoint()).matches()) {
        throw new InvalidRequestException(
            "model",
            "catalog model '" + listed.id() + "' has no Replicate owner/name[:version] endpoint");
      }
      return new ResolvedModel(model, listed.endpoint(), listed);
    }
    Matcher m = TARGET.matcher(model);
    if (!m.matches()) {
      throw catalog.unknown(model, "owner/name[:version]");
    }
    String ownerName = m.group(1);
    String alias = specAliases.get(ownerName);
    ModelSpec found = alias != null ? catalog.catalog().require(alias) : catalog.listed(ownerName);
    if (found == null) {
      for (ModelSpec s : catalog.catalog().models().values()) {
        if (s.endpoint() != null && s.endpoint().startsWith(ownerName + ":")) {
          found = s;
          break;
        }
      }
    }
    return new ResolvedModel(model, model, found == null ? catalog.generic(model) : found);
  }

  @Override
  public List<URI> hosts() {
    return List.of(base);
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    Matcher m = TARGET.matcher(model.vendorModel());
    if (!m.matches()) {
      throw new IllegalStateException("resolved an unusable model " + model.vendorModel());
    }
    String version = m.group(3);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (version != null) {
      body.put("version", version);
    }
    body.set("input", input);
    URI uri =
        URI.create(
            version == null ? base + "/models/" + m.group(1) + PREDICTIONS : base + PREDICTIONS);
    Map<String, String> headers =
        waitSeconds > 0 ? Map.of("Prefer", "wait=" + waitSeconds) : Map.of();
    return new VendorCall("POST", uri, headers, body.toString(), null);
  }

  @Override
  public Duration submitTimeout() {
    return waitSeconds > 0 ? Duration.ofSeconds(waitSeconds).plus(WAIT_MARGIN) : null;
  }

  /** The official model of the create's path; before the answer, a version create is "version". */
  @Override
  public String jobModel(PlannedCall call) {
    return jobModel(call, MissingNode.getInstance());
  }

  /** The official model of the create's path, or the model and version the answer names. */
  @Override
  public String jobModel(PlannedCall call, VendorResponse answer) {
    return jobModel(call, answer.json());
  }

  private String jobModel(PlannedCall call, JsonNode answer) {
    String path = call.call().uri().getRawPath();
    String models = base.getRawPath() + "/models/";
    if (path.startsWith(models) && path.endsWith(PREDICTIONS)) {
      return path.substring(models.length(), path.length() - PREDICTIONS.length());
    }
    String model = answer.path("model").asText("");
    String version = answer.path("version").asText("");
    String shown = model.isBlank() ? "version" : model;
    return version.isBlank() ? shown : shown + ":" + version;
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    JsonNode json = answer.json();
    String id = json.path("id").asText("");
    if (id.isBlank()) {
      // The prediction may exist, but without its id it can be neither polled nor cancelled.
      throw failures.missingJobId("id");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(GET_URL, own(json.path("urls").path("get").asText(null), prediction(id)));
    attrs.put(CANCEL_URL, own(json.path("urls").path("cancel").asText(null), cancelOf(id)));
    return Predictions.submission(id, attrs, json, call.part().seed() != null, failures);
  }

  /**
   * {@code GET {base}/predictions}: the account's predictions, newest first, a page at a time, each
   * with its model, version and input. The create's prediction is the one with the same model (or
   * version) and exactly the input sent.
   */
  @Override
  public Optional<VendorCall> findSubmitted(PlannedCall call) {
    return Optional.of(VendorCall.get(URI.create(base + PREDICTIONS)));
  }

  @Override
  public SubmittedPage readSubmitted(PlannedCall call, Instant notBefore, VendorResponse page) {
    JsonNode sent = sentBody(call);
    String model = jobModel(call);
    String version = sent.path("version").asText(null);
    List<JsonNode> matches = new ArrayList<>();
    boolean older = false;
    for (JsonNode p : page.json().path("results")) {
      Instant created = createdAt(p);
      if (created == null) {
        continue;
      }
      if (created.isBefore(notBefore)) {
        older = true;
        continue;
      }
      boolean sameModel =
          version != null
              ? version.equals(p.path("version").asText(null))
              : model.equals(p.path("model").asText(null));
      if (sameModel && sent.path("input").equals(p.path("input"))) {
        matches.add(p);
      }
    }
    String next = page.json().path("next").asText(null);
    if (older || next == null || next.isBlank() || !ownUrl(next)) {
      return new SubmittedPage(matches, null);
    }
    return new SubmittedPage(matches, VendorCall.get(URI.create(next)));
  }

  private static JsonNode sentBody(PlannedCall call) {
    try {
      JsonNode body = JSON.readTree(call.call().body());
      return body == null ? MissingNode.getInstance() : body;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a planned create body is not JSON", e);
    }
  }

  private static Instant createdAt(JsonNode prediction) {
    try {
      return Instant.parse(prediction.path("created_at").asText(""));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private boolean ownUrl(String url) {
    try {
      return Origins.same(URI.create(url), base);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  @Override
  public VendorCall status(VendorJob job) {
    return VendorCall.get(URI.create(own(job.attribute(GET_URL), prediction(job.id()))));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    return Predictions.read(answer.json(), job.attribute(JobProvider.SEED) != null, failures);
  }

  /** {@code urls.cancel}; a prediction that already ended answers 200 unchanged, 404 is gone. */
  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    return Optional.of(
        VendorCall.of("POST", URI.create(own(job.attribute(CANCEL_URL), cancelOf(job.id())))));
  }

  @Override
  public VendorError readError(VendorResponse answer) {
    return Predictions.error(answer);
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pollInterval;
  }

  private String prediction(String id) {
    return base + PREDICTIONS + "/" + id;
  }

  private String cancelOf(String id) {
    return prediction(id) + "/cancel";
  }

  /** A URL the answer named when it is on the configured host; else the configured host's path. */
  private String own(String returned, String canonical) {
    try {
      if (returned != null && Origins.same(URI.create(returned), base)) {
        return returned;
      }
    } catch (IllegalArgumentException malformed) {
      // A malformed URL from the vendor: the canonical one works as well.
    }
    return canonical;
  }
}
