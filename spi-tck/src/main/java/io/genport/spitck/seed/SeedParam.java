package io.genport.spitck.seed;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One row of a seed model's parameter table, as the document states it.
 *
 * @param name the native parameter name
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array} or
 *     {@code object}
 * @param required whether the document marks it required
 * @param defaultValue the default as written, without backticks and quotes (so {@code "28"} is
 *     {@code 28} and {@code "False"} is {@code False}), or {@code null} when there is none
 * @param options the complete enumeration items in document order, or empty when the parameter is
 *     not an enumeration
 * @param optionsTruncated whether the document cut the enumeration short with {@code ...}; then
 *     {@code options} holds only the items known to be complete
 * @param optionsTail when the enumeration was cut, the last item before {@code ...}, which may
 *     itself be cut (a prefix of the real item); {@code null} when there is none
 * @param description the description as written (possibly cut with {@code ...}), or {@code null}
 * @param notes what the reader had to interpret in this row (a repaired name, dropped empty
 *     options, a value read from a description)
 * @param min the smallest allowed value when the document states one, else {@code null}
 * @param max the largest allowed value when the document states one, else {@code null}
 * @param multipleOf the step a value must be a multiple of when the document states one, else
 *     {@code null}
 */
public record SeedParam(
    String name,
    String type,
    boolean required,
    String defaultValue,
    List<String> options,
    boolean optionsTruncated,
    String optionsTail,
    String description,
    List<String> notes,
    Double min,
    Double max,
    Integer multipleOf) {

  public SeedParam {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    options = options == null ? List.of() : List.copyOf(options);
    notes = notes == null ? List.of() : List.copyOf(notes);
    if (!optionsTruncated && optionsTail != null) {
      throw new IllegalArgumentException("optionsTail is only meaningful for a truncated list");
    }
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
    }
    if (multipleOf != null && multipleOf <= 0) {
      throw new IllegalArgumentException(name + ": multipleOf must be positive");
    }
  }

  /** A row without a stated range or step (the Markdown model reference states none). */
  public SeedParam(
      String name,
      String type,
      boolean required,
      String defaultValue,
      List<String> options,
      boolean optionsTruncated,
      String optionsTail,
      String description,
      List<String> notes) {
    this(
        name,
        type,
        required,
        defaultValue,
        options,
        optionsTruncated,
        optionsTail,
        description,
        notes,
        null,
        null,
        null);
  }

  /** This row without its description: what a derived table keeps. */
  public SeedParam withoutDescription() {
    return new SeedParam(
        name,
        type,
        required,
        defaultValue,
        options,
        optionsTruncated,
        optionsTail,
        null,
        notes,
        min,
        max,
        multipleOf);
  }

  /** Whether the parameter is an enumeration. */
  public boolean isEnum() {
    return !options.isEmpty() || optionsTruncated;
  }
}
