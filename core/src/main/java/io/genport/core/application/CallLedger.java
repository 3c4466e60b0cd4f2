package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.FailureReason;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.Target;
import io.genport.core.port.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The shared record of one call: its attempts, its accepted jobs, how many parts are still open or
 * unaccepted, and whether the call has ended. It holds the call's only lock, and builds the result
 * and the resumable handle from what it recorded.
 */
final class CallLedger {
  /** How registering an accepted job went. */
  enum Registration {
    /** The call had already ended: the job is an orphan. */
    LATE,
    REGISTERED,
    /** Registered, and it was the last part waiting for a vendor. */
    ALL_ACCEPTED
  }

  private record Recorded(int seq, Attempt attempt) {}

  private final Object lock = new Object();
  private final Clock clock;
  private final Consumer<ProgressEvent> emit;
  private final AtomicInteger seq = new AtomicInteger();
  private volatile boolean ended;
  private int openUnits;
  private int unaccepted;
  private final List<AcceptedJob> jobs = new ArrayList<>();
  private final List<Recorded> attempts = new ArrayList<>();

  CallLedger(Clock clock, Consumer<ProgressEvent> emit) {
    this.clock = clock;
    this.emit = emit;
  }

  boolean ended() {
    return ended;
  }

  /** The next attempt sequence number: attempts are listed in the order they started. */
  int nextSeq() {
    return seq.getAndIncrement();
  }

  /** A new call of one part, not yet accepted. */
  void begin() {
    synchronized (lock) {
      openUnits = 1;
      unaccepted = 1;
    }
  }

  /** A resumed call: every part already accepted. */
  void resumed(List<AcceptedJob> resumed) {
    synchronized (lock) {
      jobs.addAll(resumed);
      openUnits = resumed.size();
      unaccepted = 0;
    }
  }

  /** One part became {@code parts}; false (and nothing counted) when the call had ended. */
  boolean split(int parts) {
    synchronized (lock) {
      if (ended) {
        return false;
      }
      openUnits += parts - 1;
      unaccepted += parts - 1;
      return true;
    }
  }

  Registration register(AcceptedJob j) {
    synchronized (lock) {
      if (ended) {
        return Registration.LATE;
      }
      jobs.add(j);
      return --unaccepted == 0 ? Registration.ALL_ACCEPTED : Registration.REGISTERED;
    }
  }

  /** Records {@code j}'s images; the call's result when it was the last part, else {@code null}. */
  GenerationResult succeeded(AcceptedJob j, JobStatus.Succeeded s) {
    synchronized (lock) {
      j.done = s;
      if (ended || --openUnits > 0) {
        return null;
      }
      ended = true;
      return resultLocked();
    }
  }

  /**
   * Ends the call; returns the jobs still running (marked as cancelled, so each is cancelled once),
   * or {@code null} when it had already ended.
   */
  List<AcceptedJob> end() {
    synchronized (lock) {
      if (ended) {
        return null;
      }
      ended = true;
      return runningLocked();
    }
  }

  /** Ends the call because the caller cancelled it; returns the jobs still running. */
  List<AcceptedJob> endByCancel() {
    synchronized (lock) {
      ended = true;
      return runningLocked();
    }
  }

  /**
   * Ends the call because its deadline passed; the failure carries the handle of the accepted jobs,
   * which keep running. {@code null} when the call had already ended.
   */
  DeadlineExceededException endByDeadline(String message) {
    synchronized (lock) {
      if (ended) {
        return null;
      }
      ended = true;
      return new DeadlineExceededException(message, handleLocked());
    }
  }

  /** The vendor cancelled {@code j} itself: nothing left to cancel. */
  void cancelledAtVendor(AcceptedJob j) {
    synchronized (lock) {
      j.cancelSent = true;
    }
  }

  /** The resumable handle of the jobs accepted so far, or {@code null} when there are none. */
  String handle() {
    synchronized (lock) {
      return handleLocked();
    }
  }

  // ---------------------------------------------------------------- attempts

  /** Records that {@code target} was skipped for {@code part} without sending anything. */
  void skipped(int part, Target target, FailureClass fc, String reason) {
    emit.accept(new ProgressEvent.AttemptSkipped(target, part, fc, reason));
    record(
        nextSeq(),
        Attempt.builder(target, Attempt.Outcome.SKIPPED)
            .failure(fc, FailureKind.NOT_SENT)
            .message(reason)
            .part(part)
            .build());
  }

  /** Records a submit that failed without creating a job. */
  void submitFailed(SubmitLeg l, GenerationException err, FailureKind kind) {
    submitEnded(
        l,
        Attempt.Outcome.FAILED,
        err.failureClass(),
        kind,
        err.getMessage(),
        FailureReason.of(err));
  }

  /** Records how a submit that created no job ended. */
  void submitEnded(
      SubmitLeg l, Attempt.Outcome outcome, FailureClass fc, FailureKind kind, String message) {
    submitEnded(l, outcome, fc, kind, message, null);
  }

  private void submitEnded(
      SubmitLeg l,
      Attempt.Outcome outcome,
      FailureClass fc,
      FailureKind kind,
      String message,
      FailureReason reason) {
    record(
        l.seq,
        Attempt.builder(l.rt.target(), outcome)
            .failure(fc, kind)
            .reason(reason)
            .latency(latency(l.t0))
            .message(message)
            .part(l.unit.part)
            .hedge(l.hedge)
            .possibleDuplicate(l.possibleDuplicate)
            .build());
  }

  /** Records an accepted job that failed. */
  void jobFailed(AcceptedJob j, GenerationException err, FailureKind kind) {
    jobEnded(
        j,
        Attempt.Outcome.FAILED,
        err.failureClass(),
        kind,
        err.getMessage(),
        FailureReason.of(err));
  }

  /** Records how an accepted job ended (its attempt covers the submit and every poll). */
  void jobEnded(
      AcceptedJob j, Attempt.Outcome outcome, FailureClass fc, FailureKind kind, String message) {
    jobEnded(j, outcome, fc, kind, message, null);
  }

  private void jobEnded(
      AcceptedJob j,
      Attempt.Outcome outcome,
      FailureClass fc,
      FailureKind kind,
      String message,
      FailureReason reason) {
    record(
        j.seq,
        Attempt.builder(j.rt.target(), outcome)
            .failure(fc, kind)
            .reason(reason)
            .latency(latency(j.t0))
            .acceptedAs(j.job.id())
            .message(message)
            .part(j.part)
            .hedge(j.hedge)
            .possibleDuplicate(j.possibleDuplicate)
            .build());
  }

  /** Records an attempt; a failed one is also reported as {@link ProgressEvent.AttemptFailed}. */
  private void record(int seq, Attempt a) {
    synchronized (lock) {
      attempts.add(new Recorded(seq, a));
    }
    if (a.outcome() == Attempt.Outcome.FAILED) {
      emit.accept(
          new ProgressEvent.AttemptFailed(a.target(), a.part(), a.failureClass(), a.message()));
    }
    emit.accept(new ProgressEvent.AttemptEnded(a.target(), a.part(), a));
  }

  private Duration latency(Instant t0) {
    Duration d = Duration.between(t0, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  // ---------------------------------------------------------------- assembly, under the lock

  private List<AcceptedJob> runningLocked() {
    List<AcceptedJob> out = new ArrayList<>();
    for (AcceptedJob j : jobs) {
      if (j.running()) {
        j.cancelSent = true;
        out.add(j);
      }
    }
    return out;
  }

  private List<AcceptedJob> inImageOrder() {
    List<AcceptedJob> ordered = new ArrayList<>(jobs);
    ordered.sort(Comparator.comparingInt(j -> j.callPart.firstImage()));
    return ordered;
  }

  private GenerationResult resultLocked() {
    List<GeneratedImage> images = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Set<Adaptation> adaptations = new LinkedHashSet<>();
    Map<String, Cost> byUnit = new LinkedHashMap<>();
    boolean everyPartReported = true;
    for (AcceptedJob j : inImageOrder()) {
      images.addAll(j.done.images());
      ids.add(j.job.id());
      adaptations.addAll(j.adaptations);
      adaptations.addAll(j.delivered);
      Cost c = j.done.cost();
      if (c == null) {
        everyPartReported = false;
      } else {
        byUnit.merge(c.currency(), c, Cost::plus);
      }
    }
    List<Recorded> sorted = new ArrayList<>(attempts);
    sorted.sort(Comparator.comparingInt(Recorded::seq));
    List<Attempt> all = sorted.stream().map(Recorded::attempt).toList();
    // Parts that failed over to vendors with other units (credits and dollars) have no one total.
    Cost total = everyPartReported && byUnit.size() == 1 ? byUnit.values().iterator().next() : null;
    return new GenerationResult(
        images, new ArrayList<>(adaptations), all, ids, total, List.copyOf(byUnit.values()));
  }

  private String handleLocked() {
    if (jobs.isEmpty()) {
      return null;
    }
    List<AcceptedJob> ordered = inImageOrder();
    List<JobHandle.Part> parts = new ArrayList<>();
    for (AcceptedJob j : ordered) {
      parts.add(
          new JobHandle.Part(
              j.callPart, j.expectedSize, j.job.id(), j.job.attributes(), j.rt.target()));
    }
    return new JobHandle(ordered.get(0).rt.target(), parts).encode();
  }
}
