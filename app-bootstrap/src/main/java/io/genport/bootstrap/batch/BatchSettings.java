package io.genport.bootstrap.batch;

/**
 * How a batch runs.
 *
 * @param concurrency how many lines are in flight at once (submitted and not yet finished), 1..256
 * @param resubmitAmbiguous whether a line whose submit may have reached the vendor without its job
 *     id being recorded (a run stopped while it was in flight, or the connection broke after the
 *     request was sent) is submitted again; the vendor may then hold, and bill, two jobs for it.
 *     Off by default: such lines are reported as {@link LineResult.Status#AMBIGUOUS}
 * @param jobsOutliveProcess whether vendor jobs outlive the process that submitted them, as real
 *     vendors' do. {@code false} for simulators embedded in the process: their jobs ended with it,
 *     so lines an earlier run left unfinished are submitted afresh (nothing is billed)
 */
public record BatchSettings(
    int concurrency, boolean resubmitAmbiguous, boolean jobsOutliveProcess) {
  /** The largest concurrency. */
  public static final int MAX_CONCURRENCY = 256;

  public BatchSettings {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency must be 1.." + MAX_CONCURRENCY + ", was " + concurrency);
    }
  }

  /** Four lines at once, ambiguous lines reported, jobs outliving the process. */
  public static BatchSettings defaults() {
    return new BatchSettings(4, false, true);
  }

  /** These settings with another concurrency. */
  public BatchSettings withConcurrency(int n) {
    return new BatchSettings(n, resubmitAmbiguous, jobsOutliveProcess);
  }

  /** These settings with ambiguous lines submitted again, or not. */
  public BatchSettings withResubmitAmbiguous(boolean on) {
    return new BatchSettings(concurrency, on, jobsOutliveProcess);
  }

  /** These settings for vendors whose jobs do, or do not, outlive the process. */
  public BatchSettings withJobsOutliveProcess(boolean on) {
    return new BatchSettings(concurrency, resubmitAmbiguous, on);
  }
}
