package io.genport.provider.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.download.DownloadedImage;
import io.genport.toolkit.CatalogLookup;
import io.genport.toolkit.JobProtocol;
import io.genport.toolkit.OutputImage;
import io.genport.toolkit.Phase;
import io.genport.toolkit.ResolvedModel;
import io.genport.toolkit.Submission;
import io.genport.toolkit.VendorCall;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorFailures;
import io.genport.toolkit.VendorOutputs;
import io.genport.toolkit.VendorResponse;
import io.genport.toolkit.VendorStatus;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Bedrock Runtime's {@code InvokeModel} for image models: one synchronous {@code POST
 * /model/{modelId}/invoke} whose answer carries the images, so every job is finished when it is
 * accepted and there is nothing to poll or cancel. The model id (a catalog id, an inference profile
 * of one such as {@code us.amazon.nova-canvas-v1:0}, or an ARN naming one) is percent-encoded into
 * the path as the AWS SDKs do ({@code amazon.nova-canvas-v1%3A0}). Stateless apart from its
 * configuration; thread-safe.
 */
final class BedrockProtocol implements JobProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(BedrockProtocol.class);

  /** A geography prefix of a cross-region inference profile: {@code us.}, {@code apac.}, ... */
  private static final Pattern PROFILE_PREFIX = Pattern.compile("[a-z]{2,8}(-[a-z]+)?");

  private final CatalogLookup catalog;
  private final VendorFailures failures;
  private final BedrockSettings settings;
  private final BedrockAuth auth;
  private final BedrockErrors errors;
  private final Duration timeout;

  BedrockProtocol(
      CatalogLookup catalog,
      VendorFailures failures,
      BedrockSettings settings,
      BedrockAuth auth,
      Duration timeout) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.failures = requireNonNull(failures, "failures is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.auth = requireNonNull(auth, "auth is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.errors = new BedrockErrors(settings.region(), auth::lastSource);
  }

  /** The signer the factory hands to the client; it shares this protocol's settings. */
  BedrockAuth auth() {
    return auth;
  }

  @Override
  public ResolvedModel resolve(String model) {
    ModelSpec spec = catalog.listed(model);
    if (spec == null) {
      String named = namedModel(model);
      if (named != null) {
        spec = catalog.listed(named);
        if (spec == null && named.indexOf('.') > 0) {
          String prefix = named.substring(0, named.indexOf('.'));
          if (PROFILE_PREFIX.matcher(prefix).matches()) {
            spec = catalog.listed(named.substring(prefix.length() + 1));
          }
        }
      }
    }
    if (spec == null) {
      throw catalog.unknown(
          model,
          "an inference profile or ARN that names a catalog model (us.amazon.nova-canvas-v1:0,"
              + " arn:aws:bedrock:<region>:<account>:inference-profile/<id>); provisioned-model and"
              + " application-inference-profile ARNs do not name their model");
    }
    return new ResolvedModel(model, model, spec);
  }

  /**
   * The model an id names: itself, or the resource of a {@code foundation-model} or {@code
   * inference-profile} ARN; {@code null} for another ARN.
   */
  static String namedModel(String model) {
    if (!model.startsWith("arn:")) {
      return model;
    }
    String[] parts = model.split(":", 6);
    if (parts.length < 6 || !parts[2].equals("bedrock")) {
      return null;
    }
    int slash = parts[5].indexOf('/');
    if (slash < 0) {
      return null;
    }
    String kind = parts[5].substring(0, slash);
    return kind.equals("foundation-model") || kind.equals("inference-profile")
        ? parts[5].substring(slash + 1)
        : null;
  }

  @Override
  public List<URI> hosts() {
    return List.of(settings.base());
  }

  @Override
  public VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part) {
    return new VendorCall("POST", invokeUri(model.vendorModel()), Map.of(), input.toString(), null);
  }

  /** {@code <base>/model/<percent-encoded id>/invoke}: {@code :} and {@code /} encoded. */
  URI invokeUri(String modelId) {
    return URI.create(settings.base() + "/model/" + SdkHttpUtils.urlEncode(modelId) + "/invoke");
  }

  @Override
  public Duration submitTimeout() {
    return timeout;
  }

  @Override
  public String jobModel(PlannedCall call) {
    String path = call.call().uri().getRawPath();
    int start = path.lastIndexOf("/model/");
    if (start < 0 || !path.endsWith("/invoke")) {
      throw new InvalidRequestException("model", "the planned call is not a Bedrock invoke");
    }
    return URLDecoder.decode(
        path.substring(start + "/model/".length(), path.length() - "/invoke".length()),
        StandardCharsets.UTF_8);
  }

  /**
   * The images, decoded from the answer's bytes, or the reason there are none: Nova and Titan say
   * in {@code error} that their content filters removed them, Stability in each image's {@code
   * finish_reason} ({@code "Filter reason: ..."} is a content refusal, {@code "Inference error"} a
   * failure worth another try). An answer with some images and an {@code error} keeps the images
   * that came; that some were removed is logged.
   */
  @Override
  public Submission accepted(PlannedCall call, VendorResponse answer) {
    String id = answer.header("x-amzn-RequestId");
    if (id == null || id.isBlank()) {
      id = "invoke-" + Integer.toHexString(System.identityHashCode(answer));
    }
    BedrockAnswer read;
    try {
      read = BedrockAnswer.read(answer);
    } catch (BedrockAnswer.Unreadable e) {
      throw failures.unexpected(e.getMessage());
    }
    String model = jobModel(call);
    if (read.images().isEmpty()) {
      String reason = read.error() != null ? read.error() : read.firstReason();
      if (reason == null) {
        return new Submission(id, Map.of(), VendorStatus.succeeded(VendorOutputs.of(List.of())));
      }
      FailureClass hint =
          BedrockErrors.contentFiltered(reason)
              ? FailureClass.CONTENT_REJECTED
              : reason.toLowerCase(java.util.Locale.ROOT).contains("inference error")
                  ? FailureClass.RETRYABLE
                  : null;
      return new Submission(id, Map.of(), VendorStatus.failed(reason, hint));
    }
    if (read.error() != null || read.firstReason() != null) {
      LOG.warn(
          "{} on {}: {} of {} images came back: {}",
          failures.vendor(),
          model,
          read.images().size(),
          call.part().count(),
          VendorError.shorten(read.error() != null ? read.error() : read.firstReason()));
    }
    List<OutputImage> images = new ArrayList<>();
    for (DownloadedImage image : read.images()) {
      checkSize(model, image.size(), call.expectedSize());
      images.add(OutputImage.received(image, 0, 0, false));
    }
    Long seed = read.seeds().size() == 1 ? read.seeds().get(0) : null;
    return new Submission(
        id, Map.of(), VendorStatus.succeeded(new VendorOutputs(images, seed, null)));
  }

  /**
   * Compares an image's real size with the plan's: a difference is not a failure (the image was
   * made, and billed), but it means the catalog predicts this model's sizes wrongly, so it is
   * logged.
   */
  private void checkSize(String model, PixelSize real, PixelSize planned) {
    if (planned != null && real != null && !planned.equals(real)) {
      LOG.warn(
          "{} on {}: the image is {}, the plan expected {}",
          failures.vendor(),
          model,
          real,
          planned);
    }
  }

  /** An InvokeModel answer is the images, as base64 of up to 25 MB: read as it arrives. */
  @Override
  public boolean answerCarriesImages(Phase phase) {
    return phase == Phase.SUBMIT;
  }

  @Override
  public String cannotCancel(io.genport.core.port.VendorJob job) {
    return "Bedrock's InvokeModel answers with the images: there is no job left to cancel";
  }

  @Override
  public VendorError readError(VendorResponse answer) {
    return errors.read(answer);
  }

  @Override
  public String toString() {
    return "BedrockProtocol[" + settings.base() + ", region " + settings.region() + "]";
  }
}
