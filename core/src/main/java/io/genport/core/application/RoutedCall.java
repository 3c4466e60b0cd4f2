package io.genport.core.application;

import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One call in flight: its result and acceptance futures, its deadline, how each part's work is run,
 * and how the call ends: images, a failure, the deadline or the caller's cancel. Routing a part is
 * the {@link UnitRouter}'s job and polling its accepted job the {@link JobPoller}'s; what they
 * share is kept in the {@link CallLedger}.
 *
 * <p>A part's work is a chain of steps on the engine's executor. A step that has to wait (for a
 * vendor's answer to a submit, a backoff, a hedge delay, a rate token, the next poll) hands back a
 * future and returns its thread; the next step runs on the executor when that future completes
 * ({@link #after}), so a waiting part holds no thread.
 */
final class RoutedCall {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedCall.class);

  final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

  /** Completes when every part has been accepted, or the call ended. */
  final CompletableFuture<Void> accepted = new CompletableFuture<>();

  final RoutingEngine engine;
  final RouterSettings settings;
  final List<RouteTarget> order;
  final Instant deadlineAt;
  final CallLedger ledger;
  final JobPoller poller;
  private final UnitRouter units;
  private final ProgressListener listener;
  private final AtomicInteger nextPart = new AtomicInteger(1);

  /** Names the call in the logs (the MDC's {@value GenerationRouter#MDC_CALL_ID}). */
  final String callId = String.format("%016x", ThreadLocalRandom.current().nextLong());

  private final Instant startedAt;

  RoutedCall(RoutingEngine engine, ProgressListener listener, List<RouteTarget> order) {
    this.engine = engine;
    this.startedAt = engine.clock.instant();
    this.settings = engine.settings;
    this.order = List.copyOf(order);
    this.listener = listener == null ? ProgressListener.NONE : listener;
    this.deadlineAt = engine.clock.instant().plus(settings.deadline());
    this.ledger = new CallLedger(engine.clock, this::emit);
    this.poller = new JobPoller(this);
    this.units = new UnitRouter(this);
    result.whenComplete(
        (r, e) -> {
          if (e instanceof CancellationException) {
            onCancelled();
          }
          ended(r, e);
        });
    metric("callStarted", engine.metrics::callStarted);
  }

  // ---------------------------------------------------------------- entry points

  void start(GenerationRequest request) {
    PendingPart top = new PendingPart(0, request, 0, 0, List.of());
    String outer = enterMdc();
    try {
      ledger.begin();
      launch(() -> units.run(top));
    } finally {
      leaveMdc(outer);
    }
  }

  void resume(JobHandle handle, List<RouteTarget> targets) {
    String outer = enterMdc();
    try {
      resumeParts(handle, targets);
    } finally {
      leaveMdc(outer);
    }
  }

  private void resumeParts(JobHandle handle, List<RouteTarget> targets) {
    List<AcceptedJob> resumed = new ArrayList<>();
    Instant now = now();
    for (int i = 0; i < handle.parts().size(); i++) {
      JobHandle.Part p = handle.parts().get(i);
      RouteTarget rt = targets.get(i);
      resumed.add(
          new AcceptedJob(
              p.part().index(),
              rt,
              engine.state(rt),
              p.part(),
              p.expectedSize(),
              // A handle does not carry the planned format: a resumed job's is not checked.
              null,
              new VendorJob(rt.target(), p.jobId(), p.attributes()),
              List.of(),
              ledger.nextSeq(),
              now,
              false,
              false));
    }
    ledger.resumed(resumed);
    accepted.complete(null);
    for (AcceptedJob j : resumed) {
      launch(
          () -> {
            poller.poll(j);
            return DONE;
          });
    }
  }

  /** The resumable handle of the jobs accepted so far, or {@code null} when there are none. */
  String handle() {
    return ledger.handle();
  }

  /** Routes a part split off another one, as a chain of steps of its own. */
  void route(PendingPart part) {
    launch(() -> units.run(part));
  }

  // ---------------------------------------------------------------- ending the call

  boolean ended() {
    return ledger.ended();
  }

  /** Ends the call with its images. */
  void complete(GenerationResult r) {
    result.complete(r);
    accepted.complete(null);
  }

  /** Every part has been accepted by a vendor. */
  void allAccepted() {
    accepted.complete(null);
  }

  /** Ends the call with {@code e}; vendor jobs still running are cancelled. */
  void fail(GenerationException e) {
    List<AcceptedJob> running = ledger.end();
    if (running == null) {
      return;
    }
    result.completeExceptionally(e);
    accepted.complete(null);
    running.forEach(this::cancelAtVendor);
  }

  /**
   * Ends the call because its deadline passed. Accepted jobs keep running at the vendor and go into
   * the exception's handle; they are not cancelled, so the caller can resume them.
   */
  void endDeadline(String message) {
    DeadlineExceededException d = ledger.endByDeadline(message);
    if (d == null) {
      return;
    }
    result.completeExceptionally(d);
    accepted.complete(null);
  }

  /** The caller cancelled the result: cancel every vendor job still running. */
  private void onCancelled() {
    List<AcceptedJob> running = ledger.endByCancel();
    accepted.complete(null);
    running.forEach(this::cancelAtVendor);
  }

  void cancelAtVendor(AcceptedJob j) {
    VendorCalls.cancel(j.rt, j.state, j.job);
  }

  // ---------------------------------------------------------------- helpers

  /** A completed step: nothing left to wait for. */
  static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * A part's work: the future of its last step. It fails with a {@link GenerationException} to end
   * the call, or with an {@link InterruptedException} when a blocking sleeper was interrupted.
   */
  interface Body {
    CompletableFuture<Void> run();
  }

  private void launch(Body body) {
    try {
      engine.executor.execute(
          () -> {
            enterMdc();
            try {
              step(body::run).whenComplete((v, e) -> partEnded(e));
            } finally {
              // Pool threads outlive the call: what they log next must not carry its id. Removed,
              // not restored: a pool thread started during a call may have inherited the caller's
              // MDC (backends whose MDC is inheritable), which is no value of its own.
              MDC.remove(GenerationRouter.MDC_CALL_ID);
            }
          });
    } catch (RuntimeException e) {
      fail(RetryableProviderException.notReceived("could not schedule a call part: " + e, e));
    }
  }

  /** Ends the call the way a part's chain failed, if it did. */
  private void partEnded(Throwable e) {
    if (e == null) {
      return;
    }
    Throwable c = e;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    String outer = enterMdc();
    try {
      if (c instanceof InterruptedException) {
        // A blocking sleeper was interrupted (it set the thread's flag again): the host is
        // shutting the call down.
        result.cancel(false);
      } else if (c instanceof GenerationException g) {
        fail(g);
      } else {
        LOG.warn("a call part failed unexpectedly", c);
        fail(NonRetryableProviderException.causedBy("the call failed unexpectedly: " + c, c));
      }
    } finally {
      leaveMdc(outer);
    }
  }

  /**
   * Runs {@code next} once {@code wait} has completed, in whatever way: at once on this thread when
   * it already has (a fake sleeper's futures, a vendor that answered synchronously), otherwise as a
   * task of the engine's executor, with the call's id in the MDC, so no thread waits meanwhile.
   * {@code next} reads the outcome of {@code wait} itself ({@code join()} passes a failure on).
   *
   * @return the future of what {@code next} returns; it fails when {@code next} throws, or with a
   *     {@link RetryableProviderException} when the executor refuses the task
   */
  <T> CompletableFuture<T> after(CompletableFuture<?> wait, Supplier<CompletableFuture<T>> next) {
    if (wait.isDone()) {
      return step(next);
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    wait.whenComplete(
        (v, e) -> {
          try {
            engine.executor.execute(
                () -> {
                  enterMdc();
                  try {
                    step(next)
                        .whenComplete(
                            (r, x) -> {
                              if (x != null) {
                                out.completeExceptionally(x);
                              } else {
                                out.complete(r);
                              }
                            });
                  } finally {
                    MDC.remove(GenerationRouter.MDC_CALL_ID);
                  }
                });
          } catch (RuntimeException ex) {
            out.completeExceptionally(
                RetryableProviderException.notReceived(
                    "could not schedule a call part: " + ex, ex));
          }
        });
    return out;
  }

  /**
   * Runs {@code task} on the engine's executor with the call's id in the MDC (removed afterwards),
   * as every step of the call runs.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the executor refuses it
   */
  void execute(Runnable task) {
    engine.executor.execute(
        () -> {
          enterMdc();
          try {
            task.run();
          } finally {
            MDC.remove(GenerationRouter.MDC_CALL_ID);
          }
        });
  }

  /** Runs one step; what it throws becomes its future's failure. */
  private static <T> CompletableFuture<T> step(Supplier<CompletableFuture<T>> next) {
    try {
      CompletableFuture<T> f = next.get();
      return f != null ? f : CompletableFuture.failedFuture(new NullPointerException("no step"));
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /**
   * Whether the call is over: ended, or its result completed (a cancel completes the result before
   * the call's own handler has ended the call, and a step woken by that must not go on).
   */
  boolean over() {
    return ended() || result.isDone();
  }

  Instant now() {
    return engine.clock.instant();
  }

  /** The time left until the deadline; zero or negative once it passed. */
  Duration remaining() {
    return Duration.between(now(), deadlineAt);
  }

  boolean pastDeadline() {
    return !now().isBefore(deadlineAt);
  }

  /** A new part number for a part split off another one. */
  int newPart() {
    return nextPart.getAndIncrement();
  }

  /** How messages name a part: "the request" while the call has a single part. */
  String partName(PendingPart u) {
    return u.part == 0 && nextPart.get() == 1 ? "the request" : "part " + u.part;
  }

  void emit(ProgressEvent e) {
    record(e);
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("progress listener failed on {}: {}", e.getClass().getSimpleName(), ex.toString());
    }
  }

  // ---------------------------------------------------------------- observability

  /** Puts this call's id in the MDC; returns what was there, for {@link #leaveMdc}. */
  private String enterMdc() {
    String outer = MDC.get(GenerationRouter.MDC_CALL_ID);
    MDC.put(GenerationRouter.MDC_CALL_ID, callId);
    return outer;
  }

  private static void leaveMdc(String outer) {
    if (outer == null) {
      MDC.remove(GenerationRouter.MDC_CALL_ID);
    } else {
      MDC.put(GenerationRouter.MDC_CALL_ID, outer);
    }
  }

  /** Turns the progress events every call already emits into metrics. */
  private void record(ProgressEvent e) {
    RouterMetrics m = engine.metrics;
    if (m == RouterMetrics.NONE) {
      return;
    }
    if (e instanceof ProgressEvent.AttemptStarted s) {
      // A probe permit was just granted: an open circuit shows half-open now.
      engine.observeCircuit(s.target());
    } else if (e instanceof ProgressEvent.AttemptEnded a) {
      metric("attemptEnded", () -> m.attemptEnded(a.attempt()));
      engine.observeCircuit(a.target());
    } else if (e instanceof ProgressEvent.RetryScheduled r) {
      metric("retried", () -> m.retried(r.target()));
    } else if (e instanceof ProgressEvent.FailingOver f) {
      metric("failedOver", () -> m.failedOver(f.target(), f.next()));
    } else if (e instanceof ProgressEvent.HedgeStarted h) {
      metric("hedged", () -> m.hedged(h.hedgedTarget(), h.target()));
    }
  }

  private void ended(GenerationResult r, Throwable e) {
    if (engine.metrics == RouterMetrics.NONE) {
      return;
    }
    Throwable cause =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    RouterMetrics.CallOutcome outcome =
        cause == null
            ? RouterMetrics.CallOutcome.SUCCEEDED
            : cause instanceof CancellationException
                ? RouterMetrics.CallOutcome.CANCELLED
                : cause instanceof DeadlineExceededException
                    ? RouterMetrics.CallOutcome.DEADLINE_EXCEEDED
                    : RouterMetrics.CallOutcome.FAILED;
    Duration latency = Duration.between(startedAt, engine.clock.instant());
    List<io.genport.core.domain.Cost> costs = r == null ? List.of() : r.costs();
    metric(
        "callEnded",
        () ->
            engine.metrics.callEnded(
                outcome, latency.isNegative() ? Duration.ZERO : latency, costs));
    for (RouteTarget t : order) {
      engine.observeCircuit(t.target());
    }
  }

  private static void metric(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException ex) {
      metricsFailed(what, ex);
    }
  }

  static void metricsFailed(String what, RuntimeException ex) {
    LOG.warn("router metrics failed on {}: {}", what, ex.toString());
  }
}
