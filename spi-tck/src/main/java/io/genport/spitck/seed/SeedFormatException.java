package io.genport.spitck.seed;

/**
 * A seed document does not follow the model-reference format. The message names the document and
 * the line.
 */
public final class SeedFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final int line;

  /**
   * Creates the exception.
   *
   * @param source the document, e.g. its file name
   * @param line the 1-based line, or 0 when the problem is not on one line
   * @param problem what is wrong
   */
  public SeedFormatException(String source, int line, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The document the problem is in. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0. */
  public int line() {
    return line;
  }
}
