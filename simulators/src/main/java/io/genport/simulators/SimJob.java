package io.genport.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One simulated asynchronous job. The phase is computed lazily from its {@link JobTiming}, the
 * number of status polls and the clock; it never goes backwards. Thread-safe.
 *
 * @param <S> what the vendor simulator stores about the job (its parsed input, outcome...)
 */
public final class SimJob<S> {
  private final String id;
  private final S spec;
  private final Instant createdAt;
  private final JobTiming timing;
  private final Clock clock;
  private int polls;
  private JobPhase reached = JobPhase.QUEUED;
  private boolean cancelled;
  private Instant cancelledAt;

  SimJob(String id, S spec, JobTiming timing, Clock clock) {
    this.id = id;
    this.spec = spec;
    this.timing = timing;
    this.clock = clock;
    this.createdAt = clock.instant();
  }

  /** The vendor's job id. */
  public String id() {
    return id;
  }

  /** The simulator's data about the job. */
  public S spec() {
    return spec;
  }

  /** Creation time by the simulator's clock. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The timing it was created with. */
  public JobTiming timing() {
    return timing;
  }

  /** How many status polls it has seen. */
  public synchronized int statusPolls() {
    return polls;
  }

  /** Its phase now, without counting a poll. */
  public synchronized JobPhase phase() {
    return advance();
  }

  /** Counts a status poll and returns the phase that poll sees. */
  public synchronized JobPhase poll() {
    polls++;
    return advance();
  }

  /** The queue position a status poll would report now. */
  public synchronized int queuePosition() {
    return timing.queuePosition(polls);
  }

  /**
   * Cancels it unless it is already DONE; a cancelled job is DONE at once.
   *
   * @return whether it was cancelled by this call
   */
  public synchronized boolean cancel() {
    if (advance() == JobPhase.DONE) {
      return false;
    }
    cancelled = true;
    cancelledAt = clock.instant();
    reached = JobPhase.DONE;
    return true;
  }

  /** Whether it was cancelled. */
  public synchronized boolean cancelled() {
    return cancelled;
  }

  /** When it was cancelled, or {@code null}. */
  public synchronized Instant cancelledAt() {
    return cancelledAt;
  }

  private JobPhase advance() {
    JobPhase now = timing.phaseAt(polls, Duration.between(createdAt, clock.instant()));
    if (now.compareTo(reached) > 0) {
      reached = now;
    }
    return reached;
  }

  @Override
  public synchronized String toString() {
    return "SimJob["
        + id
        + ", "
        + reached
        + ", polls "
        + polls
        + (cancelled ? ", cancelled" : "")
        + "]";
  }
}
