package io.genport.archfixtures.compliant.core.domain;

import java.util.Objects;

/** Domain: JDK only. */
public record Prompt(String text) {
  public Prompt {
    Objects.requireNonNull(text, "text");
  }
}
