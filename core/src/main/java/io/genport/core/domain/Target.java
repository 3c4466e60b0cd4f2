package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

/**
 * A provider and one of its models, written {@code provider:model}. The model part may itself
 * contain colons ({@code replicate:owner/name:version}, {@code bedrock:amazon.nova-canvas-v1:0}),
 * so only the first colon separates.
 *
 * @param provider the provider's name, e.g. {@code fal}
 * @param model the provider's model id, e.g. {@code fal-ai/flux/dev}
 */
public record Target(String provider, String model) {
  public Target {
    if (provider == null || provider.isBlank() || !provider.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new InvalidRequestException(
          "target", "provider name '" + provider + "' must be lower-case letters, digits, . _ -");
    }
    if (model == null || model.isBlank()) {
      throw new InvalidRequestException("target", "model must not be blank");
    }
  }

  /** Parses {@code provider:model}; the error names the expected form. */
  public static Target parse(String text) {
    requireNonNull(text, "text is null");
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidRequestException(
          "target", "'" + text + "' is not of the form provider:model, e.g. fal:fal-ai/flux/dev");
    }
    return new Target(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  @Override
  public String toString() {
    return provider + ":" + model;
  }
}
