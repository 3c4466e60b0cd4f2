package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.SafetyLevel;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.SeedSpec;
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

  /**
   * Creates a spec. Prefer {@link ModelCatalog}, which checks every name against the table.
   *
   * @param id the model id within its catalog
   * @param name human-readable name, or {@code null}
   * @param endpoint provider-specific address (fal endpoint id, Replicate owner/name), or {@code
   *     null}
   * @param version vendor version string, or {@code null}
   * @param params the full native parameter table
   * @param promptParam the parameter that carries the prompt
   * @param negativePromptParam the negative-prompt parameter, or {@code null}
   * @param size the size mapping
   * @param count the count mapping, or {@code null} (one image per call, count not sent)
   * @param seed the seed mapping, or {@code null}
   * @param safety the safety mapping, or {@code null}
   * @param format the format mapping, or {@code null}
   * @param quality the quality mapping, or {@code null}
   * @param steps the steps mapping, or {@code null}
   * @param guidance the guidance mapping, or {@code null}
   * @param references the reference-image mapping, or {@code null}
   * @param fixed parameters always sent with these values
   */
  public ModelSpec(
      String id,
      String name,
      String endpoint,
      String version,
      List<ParamSpec> params,
      String promptParam,
      String negativePromptParam,
      SizeMapping size,
      FieldMappings.Count count,
      FieldMappings.Seed seed,
      FieldMappings.Values safety,
      FieldMappings.Values format,
      FieldMappings.Ranged quality,
      FieldMappings.Ranged steps,
      FieldMappings.Ranged guidance,
      FieldMappings.References references,
      ObjectNode fixed) {
    this.id = requireNonNull(id, "id is null");
    this.name = name == null ? id : name;
    this.endpoint = endpoint;
    this.version = version;
    Map<String, ParamSpec> byName = new LinkedHashMap<>();
    for (ParamSpec p : params) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException("parameter " + p.name() + " is listed twice");
      }
    }
    this.params = java.util.Collections.unmodifiableMap(byName);
    this.promptParam = requireNonNull(promptParam, "promptParam is null");
    this.negativePromptParam = negativePromptParam;
    this.size = requireNonNull(size, "size is null");
    this.count = count;
    this.seed = seed;
    this.safety = safety;
    this.format = format;
    this.quality = quality;
    this.steps = steps;
    this.guidance = guidance;
    this.references = references;
    this.fixed = fixed == null ? null : fixed.deepCopy();
    this.capabilities = deriveCapabilities();
  }

  private ModelCapabilities deriveCapabilities() {
    Set<SafetyLevel> levels = EnumSet.noneOf(SafetyLevel.class);
    if (safety != null) {
      safety.values().keySet().forEach(k -> levels.add(SafetyLevel.valueOf(k)));
    }
    Set<ImageFormat> formats = EnumSet.noneOf(ImageFormat.class);
    if (format != null) {
      format.values().keySet().forEach(k -> formats.add(ImageFormat.valueOf(k)));
    }
    return new ModelCapabilities(
        size.capability(),
        count == null ? 1 : count.max(),
        seed == null ? SeedSpec.none() : seed.spec(),
        levels,
        formats,
        quality != null,
        negativePromptParam != null,
        steps == null ? null : new ModelCapabilities.Range(steps.min(), steps.max()),
        guidance == null ? null : new ModelCapabilities.Range(guidance.min(), guidance.max()),
        references == null ? 0 : references.max(),
        false,
        count == null ? List.of() : count.limits());
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

  public String promptParam() {
    return promptParam;
  }

  public String negativePromptParam() {
    return negativePromptParam;
  }

  public SizeMapping size() {
    return size;
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
