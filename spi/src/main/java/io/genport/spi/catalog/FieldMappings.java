package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.negotiation.CountLimit;
import io.genport.core.domain.negotiation.SeedSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-field mappings of a {@link ModelSpec}, other than size.
 *
 * @since 1
 */
public final class FieldMappings {
  private FieldMappings() {}

  /**
   * Canonical enum values (safety levels, formats) to native JSON values in {@code param}.
   *
   * @param param the native parameter
   * @param values canonical name (e.g. {@code OFF}, {@code JPEG}) to the value to send
   */
  public record Values(String param, Map<String, JsonNode> values) {
    public Values {
      requireNonNull(param, "param is null");
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** A numeric parameter with an accepted range. */
  public record Ranged(String param, double min, double max) {
    public Ranged {
      requireNonNull(param, "param is null");
    }
  }

  /**
   * The count parameter and the most images one call returns.
   *
   * @param param the native count parameter
   * @param max the most images one call returns
   * @param limits smaller maximums for large images, e.g. Leonardo's 4 above 768 pixels a side;
   *     empty when the maximum does not depend on the size
   */
  public record Count(String param, int max, List<CountLimit> limits) {
    public Count {
      requireNonNull(param, "param is null");
      limits = List.copyOf(limits);
    }

    /** A maximum that does not depend on the size. */
    public Count(String param, int max) {
      this(param, max, List.of());
    }
  }

  /** The seed parameter and how the model reads it. */
  public record Seed(String param, SeedSpec spec) {
    public Seed {
      requireNonNull(param, "param is null");
      requireNonNull(spec, "spec is null");
    }
  }

  /**
   * The reference-image parameter: a single image when {@code max} is 1, else a list.
   *
   * @param param the native parameter
   * @param max the most images it takes
   * @param base64 whether images are sent as bare base64 of their bytes (Bedrock) rather than as
   *     URLs or {@code data:} URIs; such a model cannot take an image by URL
   */
  public record References(String param, int max, boolean base64) {
    public References {
      requireNonNull(param, "param is null");
    }

    /** Images sent as URLs or data URIs. */
    public References(String param, int max) {
      this(param, max, false);
    }
  }
}
