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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  RoutedCall(RoutingEngine engine, ProgressListener listener, List<RouteTarget> order) {
    this.engine = engine;
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
        });
  }

  // ---------------------------------------------------------------- entry points

  void start(GenerationRequest request) {
    PendingPart top = new PendingPart(0, request, 0, 0, List.of());
    ledger.begin();
    launch(() -> units.run(top));
  }

  void resume(JobHandle handle, List<RouteTarget> targets) {
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
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("progress listener failed on {}: {}", e.getClass().getSimpleName(), ex.toString());
    }
  }
}
