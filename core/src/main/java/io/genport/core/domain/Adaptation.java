package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

/**
 * A record that a target changed a requested value to one it supports.
 *
 * @param field the canonical field that was changed
 * @param requested the requested value, as text (e.g. {@code 1000x700})
 * @param applied the value that will be (or was) used, as text (e.g. {@code 1008x704})
 * @param reason why, in words a user understands
 */
public record Adaptation(RequestField field, String requested, String applied, String reason) {
  public Adaptation {
    requireNonNull(field, "field is null");
    requireNonNull(requested, "requested is null");
    requireNonNull(applied, "applied is null");
    requireNonNull(reason, "reason is null");
  }

  @Override
  public String toString() {
    return field.wireName() + " " + requested + " -> " + applied + ": " + reason;
  }
}
