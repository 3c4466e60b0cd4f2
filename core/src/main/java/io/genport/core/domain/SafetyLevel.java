package io.genport.core.domain;

/** Canonical content-safety levels, from the most to the least restrictive. */
public enum SafetyLevel {
  STRICT,
  STANDARD,
  RELAXED,
  OFF;

  /** Parses case-insensitively; the error names the allowed values. */
  public static SafetyLevel parse(String text) {
    for (SafetyLevel l : values()) {
      if (l.name().equalsIgnoreCase(text)) {
        return l;
      }
    }
    throw new InvalidRequestException(
        "safety", "'" + text + "' is not a safety level; allowed: STRICT, STANDARD, RELAXED, OFF");
  }
}
