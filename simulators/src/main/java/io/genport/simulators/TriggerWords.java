package io.genport.simulators;

import java.util.Locale;

/**
 * Words that, anywhere in a prompt (any case), make a simulator produce a content outcome other
 * than a normal image. Each vendor simulator answers in that vendor's own form; its javadoc says
 * how. When several words are present the first in this list wins: {@code [reject]}, {@code
 * [fail]}, {@code [timeout]}, {@code [nsfw]}.
 *
 * <ul>
 *   <li>{@value #REJECT}: the vendor refuses the content (a content-policy error).
 *   <li>{@value #FAIL}: the generation fails inside the vendor (a server-side model error).
 *   <li>{@value #TIMEOUT}: the generation times out inside the vendor.
 *   <li>{@value #NSFW}: the images are generated but flagged by the safety checker (and blacked out
 *       where the vendor does that).
 * </ul>
 */
public final class TriggerWords {
  /** Content refused. */
  public static final String REJECT = "[reject]";

  /** Generation fails server-side. */
  public static final String FAIL = "[fail]";

  /** Generation times out server-side. */
  public static final String TIMEOUT = "[timeout]";

  /** Images flagged as not safe for work. */
  public static final String NSFW = "[nsfw]";

  /** The outcome a prompt asks for. */
  public enum Outcome {
    /** A normal image. */
    OK,
    /** {@link #NSFW}. */
    NSFW,
    /** {@link #REJECT}. */
    REJECT,
    /** {@link #FAIL}. */
    FAIL,
    /** {@link #TIMEOUT}. */
    TIMEOUT
  }

  private TriggerWords() {}

  /** The outcome {@code prompt} asks for ({@link Outcome#OK} for null). */
  public static Outcome outcomeOf(String prompt) {
    if (prompt == null) {
      return Outcome.OK;
    }
    String p = prompt.toLowerCase(Locale.ROOT);
    if (p.contains(REJECT)) {
      return Outcome.REJECT;
    }
    if (p.contains(FAIL)) {
      return Outcome.FAIL;
    }
    if (p.contains(TIMEOUT)) {
      return Outcome.TIMEOUT;
    }
    if (p.contains(NSFW)) {
      return Outcome.NSFW;
    }
    return Outcome.OK;
  }
}
