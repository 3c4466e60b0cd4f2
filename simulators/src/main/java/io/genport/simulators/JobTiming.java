package io.genport.simulators;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated job moves from {@link JobPhase#QUEUED} through {@link JobPhase#RUNNING} to {@link
 * JobPhase#DONE}, deterministically: by the number of status polls, by the simulator's {@link
 * java.time.Clock}, or by whichever comes first when both are set.
 *
 * <p>By polls, with {@code queued = q} and {@code running = r}: status polls 1..q see QUEUED, polls
 * q+1..q+r see RUNNING, and poll q+r+1 onwards sees DONE. So {@code polls(1, 1)} answers QUEUED,
 * RUNNING, DONE, and {@link #immediate()} answers DONE to the first poll. Only status polls count;
 * fetching a result or cancelling does not.
 *
 * <p>By time: QUEUED until {@code created + queuedFor}, RUNNING until {@code created + queuedFor +
 * runningFor}, then DONE. Drive it with a {@link ManualClock} in tests.
 */
public final class JobTiming {
  private final int queuedPolls;
  private final int runningPolls;
  private final Duration queuedFor;
  private final Duration runningFor;

  private JobTiming(int queuedPolls, int runningPolls, Duration queuedFor, Duration runningFor) {
    this.queuedPolls = queuedPolls;
    this.runningPolls = runningPolls;
    this.queuedFor = queuedFor;
    this.runningFor = runningFor;
  }

  /** QUEUED for {@code queued} polls, then RUNNING for {@code running} polls, then DONE. */
  public static JobTiming polls(int queued, int running) {
    if (queued < 0 || running < 0) {
      throw new IllegalArgumentException("poll counts must be >= 0");
    }
    return new JobTiming(queued, running, null, null);
  }

  /** QUEUED for {@code queued}, then RUNNING for {@code running}, by the simulator's clock. */
  public static JobTiming durations(Duration queued, Duration running) {
    return new JobTiming(-1, -1, nonNegative(queued), nonNegative(running));
  }

  /** DONE at the first status poll (and at once by the clock). */
  public static JobTiming immediate() {
    return new JobTiming(0, 0, Duration.ZERO, Duration.ZERO);
  }

  /** This timing, also advanced by the clock: the job moves on when either condition is met. */
  public JobTiming orAfter(Duration queued, Duration running) {
    return new JobTiming(queuedPolls, runningPolls, nonNegative(queued), nonNegative(running));
  }

  /** This timing, also advanced by polls: the job moves on when either condition is met. */
  public JobTiming orAfterPolls(int queued, int running) {
    if (queued < 0 || running < 0) {
      throw new IllegalArgumentException("poll counts must be >= 0");
    }
    return new JobTiming(queued, running, queuedFor, runningFor);
  }

  /** Whether polls drive it. */
  public boolean pollDriven() {
    return queuedPolls >= 0;
  }

  /** The phase after {@code polls} status polls and {@code elapsed} time since creation. */
  public JobPhase phaseAt(int polls, Duration elapsed) {
    JobPhase byPolls = JobPhase.QUEUED;
    if (queuedPolls >= 0) {
      if (polls > queuedPolls + runningPolls) {
        byPolls = JobPhase.DONE;
      } else if (polls > queuedPolls) {
        byPolls = JobPhase.RUNNING;
      }
    }
    JobPhase byTime = JobPhase.QUEUED;
    if (queuedFor != null) {
      if (elapsed.compareTo(queuedFor.plus(runningFor)) >= 0) {
        byTime = JobPhase.DONE;
      } else if (elapsed.compareTo(queuedFor) >= 0) {
        byTime = JobPhase.RUNNING;
      }
    }
    return byPolls.compareTo(byTime) >= 0 ? byPolls : byTime;
  }

  /**
   * A queue position that counts down with polls (the number of QUEUED polls still ahead), 0 when
   * time drives the job.
   */
  public int queuePosition(int polls) {
    return queuedPolls >= 0 ? Math.max(0, queuedPolls - polls) : 0;
  }

  private static Duration nonNegative(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("JobTiming[");
    if (queuedPolls >= 0) {
      sb.append("polls ").append(queuedPolls).append('/').append(runningPolls);
    }
    if (queuedFor != null) {
      sb.append(queuedPolls >= 0 ? ", " : "")
          .append("time ")
          .append(queuedFor)
          .append('/')
          .append(runningFor);
    }
    return sb.append(']').toString();
  }
}
