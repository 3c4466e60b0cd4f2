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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One call in flight: its result and acceptance futures, its deadline, the worker thread of each
 * part (blocking between polls and backoffs through the injected sleeper), and how the call ends:
 * images, a failure, the deadline or the caller's cancel. Routing a part is the {@link
 * UnitRouter}'s job and polling its accepted job the {@link JobPoller}'s; what they share is kept
 * in the {@link CallLedger}.
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
      launch(() -> poller.poll(j));
    }
  }

  /** The resumable handle of the jobs accepted so far, or {@code null} when there are none. */
  String handle() {
    return ledger.handle();
  }

  /** Routes a part split off another one, on a worker thread of its own. */
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

  /** A part's work: it blocks, and may be interrupted. */
  interface Body {
    void run() throws InterruptedException;
  }

  private void launch(Body body) {
    try {
      engine.executor.execute(
          () -> {
            enterMdc();
            try {
              body.run();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              result.cancel(false);
            } catch (GenerationException e) {
              fail(e);
            } catch (RuntimeException e) {
              LOG.warn("a call part failed unexpectedly", e);
              fail(NonRetryableProviderException.causedBy("the call failed unexpectedly: " + e, e));
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
