package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.ModelCapabilities.Range;
import io.genport.core.domain.negotiation.SeedSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One model's native parameter dialect and limits: the full parameter table, and which native
 * parameter carries each canonical field. Immutable and thread-safe; usually loaded from a catalog
 * by {@link ModelCatalog}, which validates it.
 *
 * @since 1
 */
public final class ModelSpec {
  private final String id;
  private final String name;
  private final String endpoint;
  private final String version;
  private final Map<String, ParamSpec> params;
  private final String promptParam;
  private final String negativePromptParam;
  private final SizeMapping size;
  private final boolean sizeDecidedByVendor;
  private final FieldMappings.Count count;
  private final FieldMappings.Seed seed;
  private final FieldMappings.Values safety;
  private final FieldMappings.Values format;
  private final FieldMappings.Ranged quality;
  private final FieldMappings.Ranged steps;
  private final FieldMappings.Ranged guidance;
  private final FieldMappings.References references;
  private final ObjectNode fixed;
  private final ModelCapabilities capabilities;
  private final boolean nestedParams;
  private final String variantParam;
  private final Map<String, ModelSpec> variants;

  private ModelSpec(Builder b) {
    this.id = requireNonNull(b.id, "id is null");
    this.name = b.name == null ? b.id : b.name;
    this.endpoint = b.endpoint;
    this.version = b.version;
    Map<String, ParamSpec> byName = new LinkedHashMap<>();
    for (ParamSpec p : b.params) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException("parameter " + p.name() + " is listed twice");
      }
    }
    this.params = Collections.unmodifiableMap(byName);
    this.sizeDecidedByVendor = b.sizeDecidedByVendor;
    this.promptParam = b.promptParam;
    this.negativePromptParam = b.negativePromptParam;
    this.size = requireNonNull(b.size, "size is null");
    this.count = b.count;
    this.seed = b.seed;
    this.safety = b.safety;
    this.format = b.format;
    this.quality = b.quality;
    this.steps = b.steps;
    this.guidance = b.guidance;
    this.references = b.references;
    this.fixed = b.fixed == null ? null : b.fixed.deepCopy();
    for (String mapped : mappedParams()) {
      if (!params.containsKey(mapped)) {
        throw new IllegalArgumentException(
            "parameter '" + mapped + "' is mapped but not in the parameter table");
      }
    }
    this.capabilities = deriveCapabilities();
    this.nestedParams = b.nestedParams;
    this.variantParam = b.variantParam;
    this.variants = Collections.unmodifiableMap(new LinkedHashMap<>(b.variants));
    if (variantParam != null && !params.containsKey(variantParam)) {
      throw new IllegalArgumentException(
          "variant parameter '" + variantParam + "' is not in the parameter table");
    }
    for (ModelSpec v : variants.values()) {
      if (!v.variants.isEmpty()) {
        throw new IllegalArgumentException("variant " + v.id + " has variants of its own");
      }
    }
  }

  /**
   * A builder for the model {@code id}. Prefer {@link ModelCatalog}, which reports a malformed
   * entry by catalog, model and field; {@link Builder#build()} only refuses a spec that maps a
   * parameter missing from its table.
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Every native parameter a canonical field or {@code fixed} writes. */
  private List<String> mappedParams() {
    List<String> out = new ArrayList<>();
    out.add(promptParam);
    if (negativePromptParam != null) {
      out.add(negativePromptParam);
    }
    out.addAll(size.params());
    out.add(count == null ? null : count.param());
    out.add(seed == null ? null : seed.param());
    out.add(safety == null ? null : safety.param());
    out.add(format == null ? null : format.param());
    out.add(quality == null ? null : quality.param());
    out.add(steps == null ? null : steps.param());
    out.add(guidance == null ? null : guidance.param());
    out.add(references == null ? null : references.param());
    out.removeIf(java.util.Objects::isNull);
    if (fixed != null) {
      fixed.fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * Builds a {@link ModelSpec}. Only the id, the parameter table, the prompt parameter and the size
   * mapping are required; every other mapping left unset means the model cannot take that field.
   */
  public static final class Builder {
    private final String id;
    private String name;
    private String endpoint;
    private String version;
    private List<ParamSpec> params = List.of();
    private String promptParam;
    private String negativePromptParam;
    private SizeMapping size;
    private boolean sizeDecidedByVendor;
    private FieldMappings.Count count;
    private FieldMappings.Seed seed;
    private FieldMappings.Values safety;
    private FieldMappings.Values format;
    private FieldMappings.Ranged quality;
    private FieldMappings.Ranged steps;
    private FieldMappings.Ranged guidance;
    private FieldMappings.References references;
    private ObjectNode fixed;
    private boolean nestedParams;
    private String variantParam;
    private Map<String, ModelSpec> variants = Map.of();

    private Builder(String id) {
      this.id = id;
    }

    /** Human-readable name; the id when not set. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Provider-specific address (fal endpoint id, Replicate owner/name). */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Vendor version string. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** The full native parameter table, in the vendor's order. */
    public Builder params(List<ParamSpec> params) {
      this.params = List.copyOf(params);
      return this;
    }

    /**
     * The parameter that carries the prompt; unset for a model that takes no text prompt (the
     * prompt is then not sent, and reported).
     */
    public Builder promptParam(String param) {
      this.promptParam = param;
      return this;
    }

    /** The negative-prompt parameter. */
    public Builder negativePromptParam(String param) {
      this.negativePromptParam = param;
      return this;
    }

    /**
     * Whether the vendor decides the pixel size the model renders: the size parameter is sent, but
     * the vendor documents no pixel size for its values, so plans announce none (default false).
     */
    public Builder sizeDecidedByVendor(boolean byVendor) {
      this.sizeDecidedByVendor = byVendor;
      return this;
    }

    /** How the model takes a size (required; {@link SizeMapping.None} for no size parameter). */
    public Builder size(SizeMapping size) {
      this.size = size;
      return this;
    }

    /** The count mapping; unset means one image per call and no count sent. */
    public Builder count(FieldMappings.Count count) {
      this.count = count;
      return this;
    }

    public Builder seed(FieldMappings.Seed seed) {
      this.seed = seed;
      return this;
    }

    public Builder safety(FieldMappings.Values safety) {
      this.safety = safety;
      return this;
    }

    public Builder format(FieldMappings.Values format) {
      this.format = format;
      return this;
    }

    public Builder quality(FieldMappings.Ranged quality) {
      this.quality = quality;
      return this;
    }

    public Builder steps(FieldMappings.Ranged steps) {
      this.steps = steps;
      return this;
    }

    public Builder guidance(FieldMappings.Ranged guidance) {
      this.guidance = guidance;
      return this;
    }

    public Builder references(FieldMappings.References references) {
      this.references = references;
      return this;
    }

    /** Parameters always sent with these values. */
    public Builder fixed(ObjectNode fixed) {
      this.fixed = fixed;
      return this;
    }

    /**
     * Whether parameter names are paths into nested JSON objects: {@code
     * imageGenerationConfig.width} is written as {@code {"imageGenerationConfig": {"width": ...}}}.
     */
    public Builder nestedParams(boolean nestedParams) {
      this.nestedParams = nestedParams;
      return this;
    }

    /**
     * Variants: when a request's native parameter {@code param} has one of the values in {@code
     * variants}, that value's spec describes the call instead of this one (Nova Canvas's {@code
     * taskType} changes where the prompt and the images go). This spec describes the other values,
     * its {@code param}'s default among them.
     */
    public Builder variants(String param, Map<String, ModelSpec> variants) {
      this.variantParam = requireNonNull(param, "param is null");
      this.variants = new LinkedHashMap<>(variants);
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException when a parameter is listed twice, a mapping or the variant
     *     parameter names one the table does not have, or a variant has variants of its own
     * @throws NullPointerException when the id or size mapping is missing
     */
    public ModelSpec build() {
      return new ModelSpec(this);
    }
  }

  /**
   * The capabilities the negotiator fits a request to. Everything the translator would otherwise
   * have to re-fit is expressed here: an integer-typed guidance parameter takes whole numbers only,
   * and quality and steps are whole numbers in their mapping's range.
   */
  private ModelCapabilities deriveCapabilities() {
    Set<SafetyLevel> levels = EnumSet.noneOf(SafetyLevel.class);
    if (safety != null) {
      safety.values().keySet().forEach(k -> levels.add(SafetyLevel.valueOf(k)));
    }
    Set<ImageFormat> formats = EnumSet.noneOf(ImageFormat.class);
    if (format != null) {
      format.values().keySet().forEach(k -> formats.add(ImageFormat.valueOf(k)));
    }
    return ModelCapabilities.builder(size.capability())
        .maxImagesPerCall(count == null ? 1 : count.max())
        .seed(seed == null ? SeedSpec.none() : seed.spec())
        .safetyLevels(levels)
        .formats(formats)
        .quality(quality == null ? null : Range.wholeNumbers(quality.min(), quality.max()))
        .negativePrompt(negativePromptParam != null)
        .steps(steps == null ? null : Range.wholeNumbers(steps.min(), steps.max()))
        .guidance(
            guidance == null
                ? null
                : new Range(
                    guidance.min(),
                    guidance.max(),
                    params.get(guidance.param()).type() == ParamSpec.Type.INTEGER))
        .maxReferenceImages(references == null ? 0 : references.max())
        .countLimits(count == null ? List.of() : count.limits())
        .build();
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** Provider-specific address of the model, or {@code null}. */
  public String endpoint() {
    return endpoint;
  }

  /** Vendor version, or {@code null}. */
  public String version() {
    return version;
  }

  /** The full native parameter table, in the vendor's order. */
  public Map<String, ParamSpec> params() {
    return params;
  }

  /** The parameter called {@code name}, or {@code null}. */
  public ParamSpec param(String name) {
    return params.get(name);
  }

  /** What this model can do, in canonical terms. */
  public ModelCapabilities capabilities() {
    return capabilities;
  }

  /**
   * Whether parameter names are paths into nested JSON objects (see {@link Builder#nestedParams}).
   */
  public boolean nestedParams() {
    return nestedParams;
  }

  /** The native parameter that selects a {@linkplain #variants() variant}, or {@code null}. */
  public String variantParam() {
    return variantParam;
  }

  /** The variants by the value of {@link #variantParam()} that selects them; empty for none. */
  public Map<String, ModelSpec> variants() {
    return variants;
  }

  /**
   * The spec that describes a call with these native parameters: the variant that {@link
   * #variantParam()}'s value selects, else this spec.
   */
  public ModelSpec variantFor(Map<String, Object> nativeParams) {
    if (variantParam == null) {
      return this;
    }
    Object v = nativeParams.get(variantParam);
    if (v == null) {
      return this;
    }
    String key =
        v instanceof com.fasterxml.jackson.databind.JsonNode j ? j.asText() : String.valueOf(v);
    return variants.getOrDefault(key, this);
  }

  /** The parameter that carries the prompt, or {@code null} when the model takes no prompt. */
  public String promptParam() {
    return promptParam;
  }

  public String negativePromptParam() {
    return negativePromptParam;
  }

  public SizeMapping size() {
    return size;
  }

  /**
   * Whether the vendor decides the pixel size of the values the size parameter takes (ratios,
   * resolutions, presets): they are sent as negotiated, but the vendor documents no pixel size for
   * them, so a plan announces no expected size. A free width and height is still exact.
   */
  public boolean sizeDecidedByVendor() {
    return sizeDecidedByVendor;
  }

  public FieldMappings.Count count() {
    return count;
  }

  public FieldMappings.Seed seed() {
    return seed;
  }

  public FieldMappings.Values safety() {
    return safety;
  }

  public FieldMappings.Values format() {
    return format;
  }

  public FieldMappings.Ranged quality() {
    return quality;
  }

  public FieldMappings.Ranged steps() {
    return steps;
  }

  public FieldMappings.Ranged guidance() {
    return guidance;
  }

  public FieldMappings.References references() {
    return references;
  }

  /** Parameters always sent, or {@code null}; a copy. */
  public ObjectNode fixed() {
    return fixed == null ? null : fixed.deepCopy();
  }

  @Override
  public String toString() {
    return "ModelSpec[" + id + "]";
  }
}
