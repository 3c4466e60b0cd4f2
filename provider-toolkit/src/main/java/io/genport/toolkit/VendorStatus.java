package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.FailureClass;
import java.util.List;

/**
 * A job's state as a protocol reads it from one vendor answer: the row of the vendor's status
 * table. The engine turns it into a {@link io.genport.core.port.JobStatus}, downloading outputs and
 * reporting only log lines not reported before.
 *
 * @param state the state
 * @param queuePosition the position in the vendor's queue, or {@code null}
 * @param logs the job's whole log so far (cumulative, as vendors send it); never null
 * @param endLines lines to report once when the job ends (a run time), after the logs
 * @param outputs the outputs of a {@link State#SUCCEEDED} job, or {@code null} when they must be
 *     fetched with {@link JobProtocol#result}
 * @param failure the vendor's failure text of a {@link State#FAILED} job (or the error a completed
 *     job carries), or {@code null}
 * @param failureHint the class the vendor's own error code decides, or {@code null}
 */
public record VendorStatus(
    State state,
    Integer queuePosition,
    List<String> logs,
    List<String> endLines,
    VendorOutputs outputs,
    String failure,
    FailureClass failureHint) {

  /** The states every vendor's statuses map to. */
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** Whether the job has ended. */
    public boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  public VendorStatus {
    requireNonNull(state, "state is null");
    logs = List.copyOf(logs);
    endLines = List.copyOf(endLines);
  }

  public static VendorStatus queued(Integer position) {
    return new VendorStatus(State.QUEUED, position, List.of(), List.of(), null, null, null);
  }

  public static VendorStatus running(List<String> logs) {
    return new VendorStatus(State.RUNNING, null, logs, List.of(), null, null, null);
  }

  /** Succeeded; {@code outputs} null means they are fetched separately. */
  public static VendorStatus succeeded(VendorOutputs outputs) {
    return new VendorStatus(State.SUCCEEDED, null, List.of(), List.of(), outputs, null, null);
  }

  public static VendorStatus failed(String failure, FailureClass hint) {
    return new VendorStatus(State.FAILED, null, List.of(), List.of(), null, failure, hint);
  }

  public static VendorStatus cancelled() {
    return new VendorStatus(State.CANCELLED, null, List.of(), List.of(), null, null, null);
  }

  /** This status with the job's cumulative log and the lines to report when it ends. */
  public VendorStatus withLogs(List<String> logs, List<String> endLines) {
    return new VendorStatus(state, queuePosition, logs, endLines, outputs, failure, failureHint);
  }

  /** This status with the failure text a completed job carries. */
  public VendorStatus withFailure(String failure) {
    return new VendorStatus(state, queuePosition, logs, endLines, outputs, failure, failureHint);
  }
}
