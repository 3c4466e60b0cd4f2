package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import io.genport.spi.Secret;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials that remember every value they hand out, so that command output can be scrubbed of
 * them. A second line of defence: plans carry only the credential header's name, but a plugin bug
 * could still copy a key into a URL, a body or an exception message, and the command line must not
 * print it. The credentials that providers declare are remembered from the start.
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
    this(delegate, java.util.List.of());
  }

  /**
   * Credentials that scrub the values of {@code declared} from the start, before (or without) any
   * provider looking them up: a plugin can copy a credential into a message before its first
   * lookup, or fail before it, and what the host prints must still be clean.
   *
   * @param delegate where the credentials really come from
   * @param declared the credential names that providers declare ({@link
   *     io.genport.spi.ProviderFactory#credentialNames()}); each is looked up once, here
   */
  public RedactingCredentials(Credentials delegate, Collection<String> declared) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    requireNonNull(declared, "declared is null").forEach(this::lookup);
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
