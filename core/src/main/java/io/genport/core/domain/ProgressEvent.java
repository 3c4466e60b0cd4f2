package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Something that happened while a request was being served. Delivered to a progress listener.
 *
 * <p>{@code part} numbers the call parts of a split request from 0. When a part fails over to a
 * target that takes fewer images per call, it is split again and the new parts get fresh numbers.
 */
public sealed interface ProgressEvent
    permits ProgressEvent.AttemptStarted,
        ProgressEvent.Queued,
        ProgressEvent.Running,
        ProgressEvent.AttemptFailed,
        ProgressEvent.Completed,
        ProgressEvent.AttemptSkipped,
        ProgressEvent.RetryScheduled,
        ProgressEvent.FailingOver,
        ProgressEvent.HedgeStarted,
        ProgressEvent.PossibleDuplicate,
        ProgressEvent.AttemptEnded {

  /** The target the event is about. */
  Target target();

  /** A call was sent to a target. */
  record AttemptStarted(Target target, int part) implements ProgressEvent {}

  /** The vendor holds the job in its queue. */
  record Queued(Target target, int part, Integer position) implements ProgressEvent {}

  /** The vendor is running the job; {@code logs} are new log lines, possibly empty. */
  record Running(Target target, int part, List<String> logs) implements ProgressEvent {
    public Running {
      logs = List.copyOf(logs);
    }
  }

  /** An attempt failed. */
  record AttemptFailed(Target target, int part, FailureClass failureClass, String message)
      implements ProgressEvent {}

  /** A part completed with {@code images} images. */
  record Completed(Target target, int part, int images) implements ProgressEvent {}

  /**
   * A target was passed over without sending anything: it cannot honour the request (a REQUIRED
   * field, an invalid extension) or its circuit is open.
   *
   * @param failureClass {@link FailureClass#UNSUPPORTED} or {@link FailureClass#INVALID_REQUEST}
   *     for a target that cannot serve the request, {@link FailureClass#RETRYABLE} for an open
   *     circuit
   * @param reason why, in words a user understands
   */
  record AttemptSkipped(Target target, int part, FailureClass failureClass, String reason)
      implements ProgressEvent {
    public AttemptSkipped {
      requireNonNull(failureClass, "failureClass is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * A failed submit will be retried on the same target after {@code delay}.
   *
   * @param attempt the number of the coming attempt on this target (2 for the first retry)
   * @param delay how long the router waits first (backoff with jitter, or the vendor's Retry-After)
   * @param reason the failure that is retried
   */
  record RetryScheduled(Target target, int part, int attempt, Duration delay, String reason)
      implements ProgressEvent {
    public RetryScheduled {
      requireNonNull(delay, "delay is null");
    }
  }

  /**
   * The part moves on from {@code target} to the next target of the route, which is tried next (it
   * may still be skipped).
   *
   * @param next the next target of the route
   * @param reason why {@code target} was given up
   */
  record FailingOver(Target target, int part, Target next, String reason) implements ProgressEvent {
    public FailingOver {
      requireNonNull(next, "next is null");
    }
  }

  /**
   * No vendor had accepted the part within the hedging delay, so {@code target} was submitted to as
   * well; the first to accept wins and the other is cancelled.
   *
   * @param hedgedTarget the target whose submit was still unanswered
   */
  record HedgeStarted(Target target, int part, Target hedgedTarget) implements ProgressEvent {}

  /**
   * The part is about to be submitted to {@code target} again although an earlier submit's outcome
   * was ambiguous (the caller opted in), so a vendor may end up holding two jobs for it.
   *
   * @param reason the ambiguous failure
   */
  record PossibleDuplicate(Target target, int part, String reason) implements ProgressEvent {}

  /**
   * An attempt ended, with everything the result will list about it (outcome, failure class and
   * kind, latency, whether a job was accepted, flags). Sent for every attempt, including those of
   * calls that fail, whose attempts no result carries.
   */
  record AttemptEnded(Target target, int part, Attempt attempt) implements ProgressEvent {
    public AttemptEnded {
      requireNonNull(attempt, "attempt is null");
    }
  }
}
