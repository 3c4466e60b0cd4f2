package io.genport.simulators;

import java.util.Objects;

/**
 * The base of a vendor simulator's read-only view of one of its jobs, for assertions: what every
 * such view shows of the {@link SimJob} underneath. The vendor's view adds what was asked and how
 * it ends, in the vendor's terms.
 *
 * @param <W> what the vendor simulator keeps per job
 */
public abstract class SimJobView<W> {
  /** The job shown. */
  protected final SimJob<W> job;

  /**
   * @param job the job shown
   */
  protected SimJobView(SimJob<W> job) {
    this.job = Objects.requireNonNull(job, "job");
  }

  /** Number of status reads that reached it (the vendor's status endpoint; see its simulator). */
  public int statusPolls() {
    return job.statusPolls();
  }

  /** Its phase now (reading it does not count as a poll). */
  public JobPhase phase() {
    return job.phase();
  }
}
