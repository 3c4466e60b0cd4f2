package io.genport.simulators;

import java.util.Optional;

/**
 * The API key a vendor simulator expects, and how to read the key a request presents. A simulator
 * keeps one, answers its vendor's own "unauthorized" body when {@link #accepts} says no, and lets a
 * test change the key while it runs ({@link #expect}). Thread-safe.
 */
public final class ApiKeyCheck {
  private volatile String expected;

  /** Expects {@code expected}; {@code null} accepts any key that is presented. */
  public ApiKeyCheck(String expected) {
    this.expected = expected;
  }

  /** Sets the expected key; {@code null} accepts any key that is presented. */
  public void expect(String key) {
    this.expected = key;
  }

  /** The expected key, {@code null} when any is accepted. */
  public String expected() {
    return expected;
  }

  /**
   * Whether a key was presented and it is the expected one (any, when none is expected). A
   * simulator treats a missing key and a wrong one alike, as the vendors do.
   */
  public boolean accepts(Optional<String> presented) {
    String key = expected;
    return presented.isPresent() && (key == null || key.equals(presented.get()));
  }

  /**
   * The credential of an {@code Authorization: <scheme> <credential>} header; empty when the header
   * is missing, names another scheme, or has nothing after the scheme.
   *
   * @param scheme the scheme word, e.g. {@code Bearer}
   * @param schemeIgnoresCase whether the scheme matches in any case (as HTTP defines schemes) or
   *     only as written (a vendor that compares the header text strictly)
   */
  public static Optional<String> authorization(
      SimRequest request, String scheme, boolean schemeIgnoresCase) {
    String prefix = scheme + " ";
    return request
        .header("Authorization")
        .filter(
            v ->
                v.length() > prefix.length()
                    && v.regionMatches(schemeIgnoresCase, 0, prefix, 0, prefix.length()))
        .map(v -> v.substring(prefix.length()));
  }
}
