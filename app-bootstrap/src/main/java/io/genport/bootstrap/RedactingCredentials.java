package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import io.genport.spi.Secret;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials that remember every value they hand out, so that command output can be scrubbed of
 * them. A second line of defence: plans carry only the credential header's name, but a plugin bug
 * could still copy a key into a URL, a body or an exception message, and the command line must not
 * print it.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not scrubbed: no real credential is
 * that short, and replacing them would mangle ordinary text.
 */
public final class RedactingCredentials implements Credentials {
  /** The shortest value that {@link #redact} replaces. */
  public static final int MIN_LENGTH = 6;

  private static final String REDACTED = "<redacted>";
  private final Credentials delegate;
  private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

  /**
   * @param delegate where the credentials really come from
   */
  public RedactingCredentials(Credentials delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  @Override
  public Optional<Secret> lookup(String name) {
    Optional<Secret> secret = delegate.lookup(name);
    secret.ifPresent(
        s -> {
          if (s.reveal().length() >= MIN_LENGTH) {
            handedOut.add(s.reveal());
          }
        });
    return secret;
  }

  /**
   * {@code text} with every credential value handed out so far, raw or JSON-escaped, replaced by
   * {@code <redacted>}.
   */
  public String redact(String text) {
    String out = text;
    for (String value : handedOut) {
      out = out.replace(value, REDACTED);
      String escaped = jsonEscaped(value);
      if (!escaped.equals(value)) {
        out = out.replace(escaped, REDACTED);
      }
    }
    return out;
  }

  private static String jsonEscaped(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "RedactingCredentials";
  }
}
