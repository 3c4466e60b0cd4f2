package io.genport.bootstrap.batch;

import java.util.OptionalLong;

/** Hears how a batch goes, for progress displays. Called from several threads; must not block. */
public interface BatchListener {

  /** Hears nothing. */
  BatchListener NONE = new BatchListener() {};

  /**
   * The run starts.
   *
   * @param lines the lines of the input that are not blank, when known
   * @param finishedEarlier how many of them earlier runs finished (their results are replayed)
   */
  default void started(OptionalLong lines, long finishedEarlier) {}

  /** A line has its result for this run. */
  default void finished(LineResult result) {}
}
