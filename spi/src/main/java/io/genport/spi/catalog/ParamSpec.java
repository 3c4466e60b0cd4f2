package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One native parameter of a model, as its vendor documents it.
 *
 * @param name the native name, e.g. {@code num_inference_steps}
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array} or
 *     {@code object}
 * @param required whether the vendor requires it
 * @param defaultValue the vendor's default, or {@code null}
 * @param enumValues the allowed values for enumerations, else empty
 * @param min lower bound for numbers, or {@code null}
 * @param max upper bound for numbers, or {@code null}
 * @param description the vendor's description, or {@code null}
 * @param maxLength the most characters (Unicode code points) a {@code string} value may have, or
 *     {@code null} for no limit; a longer value is refused before anything is sent
 * @since 1
 */
public record ParamSpec(
    String name,
    String type,
    boolean required,
    JsonNode defaultValue,
    List<String> enumValues,
    Double min,
    Double max,
    String description,
    Integer maxLength) {

  /** The accepted type names. */
  public static final List<String> TYPES =
      List.of("string", "integer", "number", "boolean", "array", "object");

  public ParamSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("type must be one of " + TYPES + ", was " + type);
    }
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    if (maxLength != null && (maxLength < 1 || !type.equals("string"))) {
      throw new IllegalArgumentException("maxLength must be positive and only for a string");
    }
  }

  /** A parameter without a length limit. */
  public ParamSpec(
      String name,
      String type,
      boolean required,
      JsonNode defaultValue,
      List<String> enumValues,
      Double min,
      Double max,
      String description) {
    this(name, type, required, defaultValue, enumValues, min, max, description, null);
  }

  /** Whether {@code text} is longer than {@link #maxLength()}. */
  public boolean tooLong(String text) {
    return maxLength != null && text.codePointCount(0, text.length()) > maxLength;
  }
}
