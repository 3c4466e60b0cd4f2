package io.genport.bootstrap.batch;

import java.io.IOException;

/**
 * Receives the result of every line, once per run: lines finished in this run and, replayed from
 * the journal, those finished in earlier runs ({@link LineResult#earlierRun()}). Called from
 * several threads.
 */
public interface ResultSink {

  /** Takes one line's result. */
  void accept(LineResult result) throws IOException;
}
