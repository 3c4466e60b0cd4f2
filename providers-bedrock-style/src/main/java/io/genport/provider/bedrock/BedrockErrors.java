package io.genport.provider.bedrock;

import io.genport.core.domain.FailureClass;
import io.genport.toolkit.VendorError;
import io.genport.toolkit.VendorResponse;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Bedrock Runtime's error answers into {@link VendorError} hints for the one classification
 * ({@link io.genport.toolkit.VendorFailures}): the error's name from {@code x-amzn-ErrorType} (the
 * part before {@code :}, as the AWS SDKs read it), else the body's {@code __type} or {@code code};
 * its text from {@code x-amzn-error-message}, else the body's {@code message} or {@code Message}.
 *
 * <table>
 *   <caption>Bedrock's errors and their class</caption>
 *   <tr><th>error</th><th>class</th></tr>
 *   <tr><td>ThrottlingException, ServiceUnavailableException, ModelNotReadyException,
 *       ModelErrorException</td><td>retryable</td></tr>
 *   <tr><td>ModelTimeoutException, InternalServerException</td><td>retryable, ambiguous on the
 *       invoke: the model may have run, and a synchronous call may have been billed</td></tr>
 *   <tr><td>ValidationException blocked by the content filters</td><td>content rejected</td></tr>
 *   <tr><td>ValidationException otherwise</td><td>not retryable, naming the field the message
 *       points at</td></tr>
 *   <tr><td>AccessDeniedException, UnrecognizedClientException, InvalidSignatureException,
 *       IncompleteSignatureException, MissingAuthenticationTokenException,
 *       ExpiredTokenException</td><td>not retryable, naming the credential source used</td></tr>
 *   <tr><td>ResourceNotFoundException</td><td>not retryable: the model does not exist or is not
 *       enabled in the region</td></tr>
 *   <tr><td>ServiceQuotaExceededException</td><td>not retryable</td></tr>
 *   <tr><td>anything else</td><td>by its HTTP status</td></tr>
 * </table>
 */
final class BedrockErrors {
  /** Bedrock's wording when its content filters block a prompt or an image. */
  static final Pattern CONTENT_FILTER =
      Pattern.compile("content filters?|filter reason", Pattern.CASE_INSENSITIVE);

  /** A JSON pointer in a validation message: {@code #/imageGenerationConfig/width}. */
  private static final Pattern POINTER = Pattern.compile("#((?:/[A-Za-z0-9_]+)+)");

  private final String region;
  private final Supplier<String> credentialSource;

  /**
   * @param region the region requests go to, for "not enabled in that region"
   * @param credentialSource which credentials the last request used, in words
   */
  BedrockErrors(String region, Supplier<String> credentialSource) {
    this.region = region;
    this.credentialSource = credentialSource;
  }

  /** The error's name, e.g. {@code ThrottlingException}, or empty. */
  static String type(VendorResponse answer) {
    String header = answer.header("x-amzn-ErrorType");
    String type =
        header != null && !header.isBlank()
            ? header
            : answer.json().path("__type").asText(answer.json().path("code").asText(""));
    int colon = type.indexOf(':');
    if (colon >= 0) {
      type = type.substring(0, colon);
    }
    int hash = type.lastIndexOf('#');
    return (hash >= 0 ? type.substring(hash + 1) : type).strip();
  }

  /** The error's text, or empty. */
  static String message(VendorResponse answer) {
    String header = answer.header("x-amzn-error-message");
    if (header != null && !header.isBlank()) {
      return header;
    }
    return answer.json().path("message").asText(answer.json().path("Message").asText(""));
  }

  VendorError read(VendorResponse answer) {
    String type = type(answer);
    String message = message(answer);
    String shown = message.isEmpty() ? type : message + (type.isEmpty() ? "" : " (" + type + ")");
    switch (type) {
      case "ThrottlingException":
      case "ServiceUnavailableException":
      case "ModelErrorException":
        return new VendorError(shown, FailureClass.RETRYABLE);
      case "ModelNotReadyException":
        return new VendorError(shown + "; the model is not ready yet", FailureClass.RETRYABLE);
      case "ModelTimeoutException":
      case "InternalServerException":
        return VendorError.retryableButAmbiguous(shown);
      case "ValidationException":
        if (CONTENT_FILTER.matcher(message).find()) {
          return new VendorError(shown, FailureClass.CONTENT_REJECTED);
        }
        return new VendorError(shown + field(message), FailureClass.NOT_RETRYABLE);
      case "AccessDeniedException":
      case "UnrecognizedClientException":
      case "InvalidSignatureException":
      case "IncompleteSignatureException":
      case "MissingAuthenticationTokenException":
      case "ExpiredTokenException":
        return new VendorError(
            shown + "; credentials used: " + credentialSource.get(), FailureClass.NOT_RETRYABLE);
      case "ResourceNotFoundException":
        return new VendorError(
            shown
                + "; the model does not exist, or is not enabled for this account, in region "
                + region
                + " (request access to it in the Bedrock console)",
            FailureClass.NOT_RETRYABLE);
      case "ServiceQuotaExceededException":
        return new VendorError(shown, FailureClass.NOT_RETRYABLE);
      default:
        return VendorError.of(shown);
    }
  }

  /** {@code " (field imageGenerationConfig.width)"} when the message points at one, else empty. */
  static String field(String message) {
    Matcher m = POINTER.matcher(message);
    if (!m.find()) {
      return "";
    }
    return " (field " + m.group(1).substring(1).replace('/', '.') + ")";
  }

  /** Whether a model's text says its content filters blocked something. */
  static boolean contentFiltered(String text) {
    return text != null && CONTENT_FILTER.matcher(text.toLowerCase(Locale.ROOT)).find();
  }
}
