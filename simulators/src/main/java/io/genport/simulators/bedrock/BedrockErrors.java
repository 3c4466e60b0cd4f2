package io.genport.simulators.bedrock;

import io.genport.simulators.SimResponse;
import java.util.Map;
import java.util.UUID;

/**
 * Bedrock Runtime's error answers (docs/provider-protocols.md, Bedrock errors): a rest-json body
 * {@code {"message": ...}} with the error's name in {@code x-amzn-ErrorType} (what the AWS SDKs
 * read first), and {@code x-amzn-RequestId}. The status of each type is the one the service model
 * gives it; the front end's authentication errors are all 403.
 */
public final class BedrockErrors {
  /** What follows the error name in {@code x-amzn-ErrorType}; only the name matters to clients. */
  static final String TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  /** The text Bedrock sends when a prompt is refused on content grounds. */
  public static final String CONTENT_FILTERED =
      "This request has been blocked by our content filters. Please adjust your text prompt to"
          + " submit a new request.";

  private BedrockErrors() {}

  /** An error of {@code type} with {@code status} and {@code message}. */
  public static SimResponse error(int status, String type, String message) {
    return SimResponse.json(status, Map.of("message", message))
        .withHeader("x-amzn-ErrorType", type + TYPE_SUFFIX)
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  /** 400 {@code ValidationException}. */
  public static SimResponse validation(String message) {
    return error(400, "ValidationException", message);
  }

  /** 400 {@code ValidationException} in the wording Bedrock uses for a body it rejects. */
  public static SimResponse malformed(String detail) {
    return validation(
        "Malformed input request: " + detail + ", please reformat your input and try again.");
  }

  /** 400 {@code ValidationException}: the prompt was refused by the content filters. */
  public static SimResponse contentFiltered() {
    return validation(CONTENT_FILTERED);
  }

  /** 429 {@code ThrottlingException}. */
  public static SimResponse throttling() {
    return error(429, "ThrottlingException", "Too many requests, please wait before trying again.");
  }

  /** 503 {@code ServiceUnavailableException}. */
  public static SimResponse serviceUnavailable() {
    return error(503, "ServiceUnavailableException", "Service unavailable. Try again later.");
  }

  /** 429 {@code ModelNotReadyException}. */
  public static SimResponse modelNotReady() {
    return error(
        429, "ModelNotReadyException", "Model is not ready to serve inference requests yet.");
  }

  /** 408 {@code ModelTimeoutException}. */
  public static SimResponse modelTimeout() {
    return error(408, "ModelTimeoutException", "Model has timed out in processing the request.");
  }

  /** 424 {@code ModelErrorException}. */
  public static SimResponse modelError() {
    return error(
        424,
        "ModelErrorException",
        "The request failed due to an error while processing the model.");
  }

  /** 500 {@code InternalServerException}. */
  public static SimResponse internalError() {
    return error(500, "InternalServerException", "An internal server error occurred. Retry.");
  }

  /** 403 {@code AccessDeniedException}: no access to the model. */
  public static SimResponse accessDenied() {
    return error(
        403,
        "AccessDeniedException",
        "You don't have access to the model with the specified model ID.");
  }

  /** 404 {@code ResourceNotFoundException}. */
  public static SimResponse resourceNotFound() {
    return error(404, "ResourceNotFoundException", "The requested resource could not be found.");
  }

  /** 400 {@code ServiceQuotaExceededException}. */
  public static SimResponse quotaExceeded() {
    return error(
        400,
        "ServiceQuotaExceededException",
        "Your request exceeds the service quota for your account.");
  }

  /** 403 {@code UnrecognizedClientException}: an unknown access key or session token. */
  public static SimResponse unrecognizedClient() {
    return error(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.");
  }

  /** 403 {@code InvalidSignatureException} with {@code message}. */
  public static SimResponse invalidSignature(String message) {
    return error(403, "InvalidSignatureException", message);
  }

  /** 403 {@code InvalidSignatureException}: the signature does not match. */
  public static SimResponse signatureMismatch() {
    return invalidSignature(
        "The request signature we calculated does not match the signature you provided. Check your"
            + " AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.");
  }

  /** 403 {@code ExpiredTokenException}. */
  public static SimResponse expiredToken() {
    return error(
        403, "ExpiredTokenException", "The security token included in the request is expired");
  }

  /** 403 {@code IncompleteSignatureException} with {@code message}. */
  public static SimResponse incompleteSignature(String message) {
    return error(403, "IncompleteSignatureException", message);
  }

  /** 403 {@code MissingAuthenticationTokenException}: no credentials at all. */
  public static SimResponse missingAuthentication() {
    return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }
}
