package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One line of a batch input.
 *
 * @param number its position, from 1; the key the journal records the line under, so it must stay
 *     the same when the input is read again (a file's line number, a partition's offset)
 * @param text the line, without its line break
 */
public record SourceLine(long number, String text) {
  public SourceLine {
    if (number < 1) {
      throw new IllegalArgumentException("line numbers start at 1, was " + number);
    }
    requireNonNull(text, "text is null");
  }

  /** Whether the line holds nothing but white space (such lines are skipped). */
  public boolean blank() {
    return text.isBlank();
  }

  /**
   * A digest of the text, recorded in the journal so that a resumed run notices a line that was
   * edited after something was sent for it.
   */
  public String digest() {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(text.strip().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
