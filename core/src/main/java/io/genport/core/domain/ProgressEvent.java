package io.genport.core.domain;

import java.util.List;

/** Something that happened while a request was being served. Delivered to a progress listener. */
public sealed interface ProgressEvent
    permits ProgressEvent.AttemptStarted,
        ProgressEvent.Queued,
        ProgressEvent.Running,
        ProgressEvent.AttemptFailed,
        ProgressEvent.Completed {

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
}
