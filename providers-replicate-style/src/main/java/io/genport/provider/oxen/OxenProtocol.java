package io.genport.provider.oxen;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.download.DownloadedImage;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.OutputImage;
import io.genport.toolkit.Phase;
import io.genport.toolkit.ResolvedModel;
import io.genport.toolkit.ServerSentEvent;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorOutputs;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Oxen.ai's inference API: the async queue ({@code POST /queue}, {@code GET|DELETE
 * /queue/{generation_id}}) or the synchronous image endpoints ({@code images/generate}, {@code
 * images/edit}), whose answer carries the images. Stateless and thread-safe.
 */
final class OxenProtocol implements JobProtocol {
  static final String GENERATE = "images/generate";
  static final String EDIT = "images/edit";
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

  private final CatalogLookup catalog;
  private final VendorFailures failures;
  private final ObjectMapper json;
  private final URI base;
  private final boolean syncMode;
  private final boolean b64Json;
  private final String namespace;

  OxenProtocol(
      CatalogLookup catalog,
      VendorFailures failures,
      ObjectMapper json,
      URI base,
      boolean syncMode,
      boolean b64Json,
      String namespace) {
    this.catalog = catalog;
    this.failures = failures;
    this.json = json;
    this.base = base;
    this.syncMode = syncMode;
    this.b64Json = b64Json;
    this.namespace = namespace;
  }

  @Override
  public List<URI> hosts() {
    return List.of(base);
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec != null && !model.equals(spec.endpoint())) {
      return new ResolvedModel(model, spec.id(), spec);
    }
    if (MODEL_ID.matcher(model).matches() && !model.equals(GENERATE) && !model.equals(EDIT)) {
      return new ResolvedModel(model, model, catalog.generic(model));
    }
    throw catalog.unknown(model, "an Oxen model id");
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    ObjectNode body = input.objectNode();
    body.put("model", model.vendorModel());
    body.setAll(input);
    if (namespace != null) {
      body.put("target_namespace", namespace);
    }
    URI uri;
    if (syncMode) {
      body.put("response_format", b64Json ? "b64_json" : "url");
      uri = URI.create(base + "/" + syncPath(model.spec(), input));
    } else {
      uri = URI.create(base + "/queue");
    }
    return new VendorCall("POST", uri, Map.of(), body.toString(), null);
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
  public String jobModel(PlannedCall call) {
    try {
      return json.readTree(call.call().body()).path("model").asText("");
    } catch (IOException | RuntimeException e) {
      throw new InvalidRequestException("body", "the planned Oxen call has no JSON body");
    }
  }

  /** A sync answer may hold {@code b64_json} images: read as it arrives. */
  @Override
  public boolean answerCarriesImages(Phase phase) {
    return syncMode && phase == Phase.SUBMIT;
  }

  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    if (syncMode) {
      SyncAnswer read = SyncAnswer.read(answer);
      return new Submission(
          "sync-" + read.created(),
          Map.of("model", jobModel(call)),
          VendorStatus.succeeded(VendorOutputs.of(read.images())));
    }
    JsonNode json = answer.json();
    JsonNode gens = json.path("generations");
    String id =
        gens.isArray() && gens.size() > 0 ? gens.get(0).path("generation_id").asText("") : "";
    if (id.isBlank()) {
      throw failures.missingJobId("generation_id");
    }
    return Submission.accepted(id, Map.of("model", jobModel(call)));
  }

  /**
   * A synchronous answer, read in one streaming pass as it arrives: {@code created} (wherever it
   * comes) and the images, each {@code url}, the older {@code image_url}, or {@code b64_json}
   * decoded into the image store without the string ever being built.
   */
  private record SyncAnswer(String created, List<OutputImage> images) {

    static SyncAnswer read(VendorResponse answer) {
      String created = "0";
      List<OutputImage> images = new ArrayList<>();
      try (JsonParser p = answer.parser()) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return new SyncAnswer(created, images);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("created")) {
            // As the tree's asText("0") read it.
            created =
                value == JsonToken.VALUE_NULL ? "0" : value.isScalarValue() ? p.getText() : "";
            p.skipChildren();
          } else if (field.equals("images") && value == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
              images.add(image(answer, p, t));
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        answer.discardReceived();
        throw new UncheckedIOException(e);
      }
      return new SyncAnswer(created, images);
    }

    /** One image object; anything else reads as an image without a URL, as the tree read it. */
    private static OutputImage image(VendorResponse answer, JsonParser p, JsonToken t)
        throws IOException {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return OutputImage.url("");
      }
      DownloadedImage received = null;
      String url = null;
      String imageUrl = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("b64_json") && value == JsonToken.VALUE_STRING && received == null) {
          try {
            received = answer.receiveImage(p, "inline image");
          } catch (IllegalArgumentException e) {
            throw new NonRetryableProviderException("inline image is not valid base64");
          }
        } else if ((field.equals("url") || field.equals("image_url"))
            && value != JsonToken.VALUE_NULL
            && value.isScalarValue()) {
          if (field.equals("url")) {
            url = p.getText();
          } else {
            imageUrl = p.getText();
          }
        } else {
          p.skipChildren();
        }
      }
      if (received != null) {
        return OutputImage.received(received, 0, 0, false);
      }
      return OutputImage.url(url != null ? url : imageUrl != null ? imageUrl : "");
    }
  }

  @Override
  public VendorCall status(VendorJob job) {
    return VendorCall.get(generationUri(job));
  }

  @Override
  public VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    JsonNode json = answer.json();
    String status = json.path("status").asText("");
    switch (status) {
      case "queued":
        return VendorStatus.queued(null);
      case "processing":
        return VendorStatus.running(List.of());
      case "succeeded":
        String url = json.path("result_url").asText("");
        if (url.isBlank()) {
          throw failures.unexpected(
              "reported generation " + job.id() + " succeeded but sent no result_url");
        }
        JsonNode seed = json.path("seed");
        return VendorStatus.succeeded(
            new VendorOutputs(
                List.of(OutputImage.url(url)),
                seed.isIntegralNumber() && seed.canConvertToLong() ? seed.asLong() : null,
                null));
      case "failed":
        return VendorStatus.failed(json.path("error_message").asText(""), null);
      case "cancelled":
      case "canceled":
        return VendorStatus.cancelled();
      default:
        throw failures.unexpected("reported an unknown generation status '" + status + "'");
    }
  }

  @Override
  public Optional<VendorCall> cancel(VendorJob job) {
    return job.finished() != null
        ? Optional.empty()
        : Optional.of(VendorCall.of("DELETE", generationUri(job)));
  }

  @Override
  public String cannotCancel(VendorJob job) {
    return "an Oxen synchronous call has already answered with its images; only queued"
        + " generations can be cancelled";
  }

  /**
   * The account's event stream, {@code GET /api/events} beside the {@code /api/ai} prefix (section
   * 5.5 of the contracts): one {@code media_generation_completed} event per generation that
   * succeeds or fails, none for a cancelled one, and no replay. Only for the queue.
   */
  @Override
  public Optional<VendorCall> eventStream() {
    if (syncMode) {
      return Optional.empty();
    }
    String b = base.toString();
    String api = b.endsWith("/ai") ? b.substring(0, b.length() - "/ai".length()) : b;
    return Optional.of(
        new VendorCall(
            "GET", URI.create(api + "/events"), Map.of("Accept", "text/event-stream"), null, null));
  }

  @Override
  public String endedJobOf(ServerSentEvent event) {
    if (!"media_generation_completed".equals(event.event())) {
      return null;
    }
    try {
      String id = json.readTree(event.data()).path("generation_id").asText("");
      return id.isEmpty() ? null : id;
    } catch (IOException e) {
      return null;
    }
  }

  private URI generationUri(VendorJob job) {
    return URI.create(
        base + "/queue/" + URLEncoder.encode(job.id(), StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** The error text of either shape: {@code error.detail}, {@code error.message}, the title. */
  @Override
  public VendorError readError(VendorResponse answer) {
    JsonNode json = answer.json();
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
    String type =
        (e.path("type").asText("") + " " + json.path("status_message").asText("")).strip();
    return VendorError.of(
        text.isEmpty() || type.isEmpty() ? text + type : text + " (" + type + ")");
  }
}
