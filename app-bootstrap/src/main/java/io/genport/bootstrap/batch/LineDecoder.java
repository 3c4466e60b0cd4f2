package io.genport.bootstrap.batch;

/**
 * Turns a line into a request and the {@link io.genport.core.port.ImageGeneration} that serves it.
 * Called again for a line resumed in a later run, so it must decode a line the same way every time.
 * Thread-safe: called from the engine's reading thread.
 */
public interface LineDecoder {

  /**
   * Decodes a line that is not blank.
   *
   * @throws io.genport.core.domain.InvalidRequestException naming the field when the line is not a
   *     valid request; nothing is sent for it and the batch goes on
   */
  BatchItem decode(SourceLine line);

  /**
   * The id a line gives itself, read as far as possible even when the line is invalid, so that its
   * result can be told apart; {@code null} when it gives none or cannot be read.
   */
  default String idOf(SourceLine line) {
    return null;
  }
}
