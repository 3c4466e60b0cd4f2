package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical, vendor-neutral image-generation request. Immutable and thread-safe; build one with
 * {@link #builder(String)}. Every value is validated here, so an instance that exists is valid, and
 * an {@link InvalidRequestException} names the offending field and what is allowed.
 *
 * @param prompt what to draw; required, not blank, at most {@value #MAX_PROMPT_LENGTH} characters
 * @param negativePrompt what to avoid, or {@code null}
 * @param size the requested size; never null ({@link Size#unspecified()} for the model default)
 * @param count how many images, 1..{@value #MAX_COUNT}; split into several calls when a model
 *     returns fewer per call
 * @param seed the seed, or {@code null} to let the library draw one; 0 is a valid seed
 * @param safety the content-safety level; never null, default {@link SafetyLevel#STANDARD}
 * @param format the output encoding, or {@code null} for the model default
 * @param steps inference steps hint 1..{@value #MAX_STEPS}, or {@code null}
 * @param guidance guidance (CFG) hint 0..100, or {@code null}
 * @param referenceImages inputs for image-to-image; never null, possibly empty
 * @param mask an inpainting mask, or {@code null}
 * @param strictness per-field strictness overrides; fields not listed use {@link
 *     #strictness(RequestField)}'s default
 * @param extensions native parameters per provider name, passed through verbatim and validated
 *     against the model's spec where one exists; values are strings, numbers, booleans, lists or
 *     maps of those
 */
public record GenerationRequest(
    String prompt,
    String negativePrompt,
    Size size,
    int count,
    Long seed,
    SafetyLevel safety,
    OutputFormat format,
    Integer steps,
    Double guidance,
    List<ReferenceImage> referenceImages,
    ReferenceImage mask,
    Map<RequestField, Strictness> strictness,
    Map<String, Map<String, Object>> extensions) {

  /** Largest accepted prompt, in characters. */
  public static final int MAX_PROMPT_LENGTH = 32_000;

  /** Largest accepted image count for one request. */
  public static final int MAX_COUNT = 100;

  /** Largest accepted steps hint. */
  public static final int MAX_STEPS = 500;

  public GenerationRequest {
    if (prompt == null || prompt.isBlank()) {
      throw new InvalidRequestException("prompt", "must not be blank");
    }
    if (prompt.length() > MAX_PROMPT_LENGTH) {
      throw new InvalidRequestException(
          "prompt", "must be at most " + MAX_PROMPT_LENGTH + " characters, was " + prompt.length());
    }
    if (negativePrompt != null && negativePrompt.isBlank()) {
      negativePrompt = null;
    }
    requireNonNull(size, "size is null");
    if (count < 1 || count > MAX_COUNT) {
      throw new InvalidRequestException(
          "count", "must be between 1 and " + MAX_COUNT + ", was " + count);
    }
    if (safety == null) {
      safety = SafetyLevel.STANDARD;
    }
    if (steps != null && (steps < 1 || steps > MAX_STEPS)) {
      throw new InvalidRequestException(
          "steps", "must be between 1 and " + MAX_STEPS + ", was " + steps);
    }
    if (guidance != null && !(guidance >= 0 && guidance <= 100)) {
      throw new InvalidRequestException("guidance", "must be between 0 and 100, was " + guidance);
    }
    referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
    strictness =
        strictness == null || strictness.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new EnumMap<>(strictness));
    extensions = copyExtensions(extensions);
  }

  private static Map<String, Map<String, Object>> copyExtensions(
      Map<String, Map<String, Object>> extensions) {
    if (extensions == null || extensions.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    extensions.forEach(
        (provider, params) -> {
          if (provider == null || provider.isBlank()) {
            throw new InvalidRequestException("extensions", "provider name must not be blank");
          }
          if (params == null) {
            throw new InvalidRequestException(
                "extensions", "'" + provider + "' has no parameter map");
          }
          Map<String, Object> inner = new LinkedHashMap<>();
          params.forEach(
              (k, v) -> {
                if (k == null || k.isBlank()) {
                  throw new InvalidRequestException(
                      "extensions", "parameter names for '" + provider + "' must not be blank");
                }
                if (v == null) {
                  throw new InvalidRequestException(
                      "extensions", "'" + provider + "." + k + "' has no value");
                }
                inner.put(k, v);
              });
          copy.put(provider, java.util.Collections.unmodifiableMap(inner));
        });
    return java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * The strictness that applies to {@code field}: the explicit override if there is one, else
   * {@link Strictness#REQUIRED} for prompt and count and {@link Strictness#BEST_EFFORT} for
   * everything else.
   */
  public Strictness strictness(RequestField field) {
    Strictness explicit = strictness.get(field);
    if (explicit != null) {
      return explicit;
    }
    return field == RequestField.PROMPT || field == RequestField.COUNT
        ? Strictness.REQUIRED
        : Strictness.BEST_EFFORT;
  }

  /** Whether {@code field} must be honoured exactly. */
  public boolean isRequired(RequestField field) {
    return strictness(field) == Strictness.REQUIRED;
  }

  /** The native extensions for {@code provider}, never null. */
  public Map<String, Object> extensionsFor(String provider) {
    return extensions.getOrDefault(provider, Map.of());
  }

  /** A builder holding a copy of this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(prompt);
    b.negativePrompt = negativePrompt;
    b.size = size;
    b.count = count;
    b.seed = seed;
    b.safety = safety;
    b.format = format;
    b.steps = steps;
    b.guidance = guidance;
    b.referenceImages.addAll(referenceImages);
    b.mask = mask;
    b.strictness.putAll(strictness);
    extensions.forEach((p, m) -> b.extensions.put(p, new LinkedHashMap<>(m)));
    return b;
  }

  /** Starts a request for {@code prompt}; everything else has a default. */
  public static Builder builder(String prompt) {
    return new Builder(prompt);
  }

  /** Mutable, not thread-safe builder; {@link #build()} validates. */
  public static final class Builder {
    private String prompt;
    private String negativePrompt;
    private Size size = Size.unspecified();
    private int count = 1;
    private Long seed;
    private SafetyLevel safety = SafetyLevel.STANDARD;
    private OutputFormat format;
    private Integer steps;
    private Double guidance;
    private final List<ReferenceImage> referenceImages = new ArrayList<>();
    private ReferenceImage mask;
    private final Map<RequestField, Strictness> strictness = new EnumMap<>(RequestField.class);
    private final Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();

    private Builder(String prompt) {
      this.prompt = prompt;
    }

    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    public Builder negativePrompt(String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    public Builder size(Size size) {
      this.size = requireNonNull(size, "size is null");
      return this;
    }

    public Builder count(int count) {
      this.count = count;
      return this;
    }

    /** The seed; {@code null} lets the library draw one. 0 is a valid seed. */
    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder safety(SafetyLevel safety) {
      this.safety = requireNonNull(safety, "safety is null");
      return this;
    }

    public Builder format(OutputFormat format) {
      this.format = format;
      return this;
    }

    public Builder format(ImageFormat type) {
      this.format = type == null ? null : OutputFormat.of(type);
      return this;
    }

    public Builder format(ImageFormat type, Integer quality) {
      this.format = new OutputFormat(type, quality);
      return this;
    }

    public Builder steps(Integer steps) {
      this.steps = steps;
      return this;
    }

    public Builder guidance(Double guidance) {
      this.guidance = guidance;
      return this;
    }

    public Builder referenceImage(ReferenceImage image) {
      this.referenceImages.add(requireNonNull(image, "image is null"));
      return this;
    }

    public Builder mask(ReferenceImage mask) {
      this.mask = mask;
      return this;
    }

    public Builder strictness(RequestField field, Strictness value) {
      this.strictness.put(requireNonNull(field, "field is null"), requireNonNull(value));
      return this;
    }

    /** Marks {@code field} {@link Strictness#REQUIRED}. */
    public Builder require(RequestField field) {
      return strictness(field, Strictness.REQUIRED);
    }

    /** Adds one native parameter for {@code provider}, passed through verbatim. */
    public Builder extension(String provider, String name, Object value) {
      extensions.computeIfAbsent(provider, p -> new LinkedHashMap<>()).put(name, value);
      return this;
    }

    public GenerationRequest build() {
      return new GenerationRequest(
          prompt,
          negativePrompt,
          size,
          count,
          seed,
          safety,
          format,
          steps,
          guidance,
          referenceImages,
          mask,
          strictness,
          extensions);
    }
  }
}
