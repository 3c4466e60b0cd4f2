package io.genport.spi;

import static java.util.Objects.requireNonNull;

/**
 * A credential value. {@link #toString()}, {@link #equals} and {@link #hashCode} never reveal it;
 * only {@link #reveal()} does, and only the provider that sends it to its own host should call it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps {@code value}.
   *
   * @throws IllegalArgumentException when {@code value} is blank (the message does not echo it)
   */
  public static Secret of(String value) {
    requireNonNull(value, "secret value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("secret value is blank");
    }
    return new Secret(value.strip());
  }

  /** The raw value. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
