package io.genport.spi.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * One native parameter of a model, as its vendor documents it.
 *
 * @param name the native name, e.g. {@code num_inference_steps}
 * @param type the JSON type the vendor declares
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
    Type type,
    boolean required,
    JsonNode defaultValue,
    List<String> enumValues,
    Double min,
    Double max,
    String description,
    Integer maxLength) {

  /** The JSON type of a parameter; {@link #toString()} is its catalog spelling. */
  public enum Type {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    ARRAY,
    OBJECT;

    /** The catalog spelling: {@code string}, {@code integer}, ... */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether values are numbers (integer or not). */
    public boolean numeric() {
      return this == INTEGER || this == NUMBER;
    }

    /**
     * Whether {@code value} is a JSON value of this type (an integral double counts as integer).
     */
    public boolean matches(JsonNode value) {
      switch (this) {
        case STRING:
          return value.isTextual();
        case INTEGER:
          return value.isIntegralNumber()
              || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
        case NUMBER:
          return value.isNumber();
        case BOOLEAN:
          return value.isBoolean();
        case ARRAY:
          return value.isArray();
        default:
          return value.isObject();
      }
    }

    /**
     * The type spelled {@code text} in a catalog.
     *
     * @throws IllegalArgumentException naming the spellings when there is none
     */
    public static Type parse(String text) {
      for (Type t : values()) {
        if (t.jsonName().equals(text)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "'" + text + "' is not a type; allowed: " + List.of(values()));
    }

    @Override
    public String toString() {
      return jsonName();
    }
  }

  public ParamSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    if (maxLength != null && (maxLength < 1 || type != Type.STRING)) {
      throw new IllegalArgumentException("maxLength must be positive and only for a string");
    }
  }

  /** A parameter without a length limit. */
  public ParamSpec(
      String name,
      Type type,
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
