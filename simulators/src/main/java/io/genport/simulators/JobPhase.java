package io.genport.simulators;

/** Where a simulated job is in its life. Vendors name these differently; simulators map them. */
public enum JobPhase {
  /** Accepted, waiting for a worker. */
  QUEUED,
  /** Being generated. */
  RUNNING,
  /** Finished: succeeded, failed or cancelled (see the job's outcome). */
  DONE
}
