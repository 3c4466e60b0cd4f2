package io.genport.core.domain;

/**
 * The canonical fields of a {@link GenerationRequest}; used by strictness, adaptations and errors.
 */
public enum RequestField {
  PROMPT("prompt"),
  NEGATIVE_PROMPT("negativePrompt"),
  SIZE("size"),
  COUNT("count"),
  SEED("seed"),
  SAFETY("safety"),
  FORMAT("format"),
  QUALITY("quality"),
  STEPS("steps"),
  GUIDANCE("guidance"),
  REFERENCE_IMAGES("referenceImages"),
  MASK("mask"),
  EXTENSIONS("extensions");

  private final String wireName;

  RequestField(String wireName) {
    this.wireName = wireName;
  }

  /** The camel-case name used in messages, JSON output and on the command line. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a field from its wire name ({@code negativePrompt}) or enum name ({@code
   * NEGATIVE_PROMPT}), case-insensitively.
   *
   * @throws InvalidRequestException naming the allowed values when {@code text} is not a field
   */
  public static RequestField parse(String text) {
    for (RequestField f : values()) {
      if (f.wireName.equalsIgnoreCase(text) || f.name().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new InvalidRequestException(
        "strict", "unknown field '" + text + "'; allowed: " + allowedNames());
  }

  static String allowedNames() {
    StringBuilder b = new StringBuilder();
    for (RequestField f : values()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(f.wireName);
    }
    return b.toString();
  }
}
