package io.genport.simulators.bedrock;

import io.genport.simulators.Fault;

/**
 * Bedrock's own failures as injectable {@link Fault}s, each the answer Bedrock gives (status,
 * {@code x-amzn-ErrorType}, {@code {"message"}}), for {@code
 * sim.faults().on(endpoint).inject(...)}.
 */
public final class BedrockFaults {
  private BedrockFaults() {}

  /** 429 {@code ThrottlingException}. */
  public static Fault throttling() {
    return Fault.respond(BedrockErrors.throttling());
  }

  /** 503 {@code ServiceUnavailableException}. */
  public static Fault serviceUnavailable() {
    return Fault.respond(BedrockErrors.serviceUnavailable());
  }

  /** 429 {@code ModelNotReadyException}. */
  public static Fault modelNotReady() {
    return Fault.respond(BedrockErrors.modelNotReady());
  }

  /** 400 {@code ValidationException}: the prompt was blocked by the content filters. */
  public static Fault contentFilter() {
    return Fault.respond(BedrockErrors.contentFiltered());
  }

  /** 403 {@code InvalidSignatureException}: the signature does not match. */
  public static Fault invalidSignature() {
    return Fault.respond(BedrockErrors.signatureMismatch());
  }

  /** 403 {@code UnrecognizedClientException}. */
  public static Fault unrecognizedClient() {
    return Fault.respond(BedrockErrors.unrecognizedClient());
  }

  /** 403 {@code ExpiredTokenException}. */
  public static Fault expiredToken() {
    return Fault.respond(BedrockErrors.expiredToken());
  }

  /** 403 {@code AccessDeniedException}. */
  public static Fault accessDenied() {
    return Fault.respond(BedrockErrors.accessDenied());
  }

  /** 404 {@code ResourceNotFoundException}. */
  public static Fault resourceNotFound() {
    return Fault.respond(BedrockErrors.resourceNotFound());
  }

  /** 408 {@code ModelTimeoutException}. */
  public static Fault modelTimeout() {
    return Fault.respond(BedrockErrors.modelTimeout());
  }

  /** 424 {@code ModelErrorException}. */
  public static Fault modelError() {
    return Fault.respond(BedrockErrors.modelError());
  }

  /** 500 {@code InternalServerException}. */
  public static Fault internalError() {
    return Fault.respond(BedrockErrors.internalError());
  }

  /** 400 {@code ServiceQuotaExceededException}. */
  public static Fault quotaExceeded() {
    return Fault.respond(BedrockErrors.quotaExceeded());
  }

  /** 400 {@code ValidationException} with {@code message}. */
  public static Fault validation(String message) {
    return Fault.respond(BedrockErrors.validation(message));
  }
}
