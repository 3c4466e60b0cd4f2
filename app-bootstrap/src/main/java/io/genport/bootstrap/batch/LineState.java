package io.genport.bootstrap.batch;

/** Where a line stands, as the journal records it. */
public enum LineState {
  /**
   * Its submit is about to be sent. A line still in this state when a run stopped may have reached
   * the vendor without its job id being recorded: it is ambiguous.
   */
  SUBMITTING,
  /** A vendor accepted it; the entry holds the handle that resumes its jobs. */
  ACCEPTED,
  /** Its submit failed in a way that may have left a job at the vendor; no handle is known. */
  AMBIGUOUS,
  /** It has its result (the entry holds it); nothing more is done for it. */
  FINISHED
}
