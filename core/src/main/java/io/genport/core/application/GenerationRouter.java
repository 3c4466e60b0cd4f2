package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * {@link ImageGeneration} over a {@link Route}: re-plans the canonical request for each target,
 * retries, fails over, breaks circuits and (optionally) hedges, without ever submitting a part
 * again once a vendor holds a job for it. Thread-safe; build one per route and share it: circuit
 * breakers, retry budgets and counters live as long as the router.
 *
 * <pre>{@code
 * GenerationRouter router =
 *     GenerationRouter.builder(
 *             Route.builder()
 *                 .target(fal, "fal-ai/flux/dev")
 *                 .target(replicate, "black-forest-labs/flux-dev")
 *                 .target(bedrock, "amazon.nova-canvas-v1:0")
 *                 .build())
 *         .settings(RouterSettings.builder().deadline(Duration.ofMinutes(2)).build())
 *         .build();
 * GenerationResult r = router.generate(request);
 * }</pre>
 *
 * <p>For every call part:
 *
 * <ul>
 *   <li>Targets are tried in route order (in a weighted route, the first is drawn by weight). A
 *       target whose {@code plan} refuses the request (a REQUIRED field it cannot honour, an
 *       invalid extension) or whose circuit is open is skipped, with a {@code SKIPPED} attempt,
 *       before anything is sent.
 *   <li>When the part has run out of targets and some were passed over only because their circuit
 *       was open, it is still sent to those, once each, in the order their circuits reopen (the
 *       load balancers' panic mode): a route that is all open serves at the vendors' remaining
 *       capacity instead of failing without trying.
 *   <li>A submit that failed before acceptance (refused connection, 5xx, 429) is retried on the
 *       same target with full-jitter backoff, waiting at least the vendor's {@code Retry-After}
 *       when it is within the cap, while the target's retry budget allows; then the part fails over
 *       to the next target. Only retries that are sent spend the budget.
 *   <li>A target that cannot serve (a {@link io.genport.core.domain.NonRetryableProviderException}
 *       whose {@link io.genport.core.domain.FailureReason} says so: no credential, 401/403, no
 *       credits or quota, 404 on the submit, a vendor refusing what the target's own plan produced)
 *       is left for the next target at once, without a retry; the attempt records the reason, the
 *       router logs it at WARN and the target's circuit counts it. Caller errors (and permanent
 *       failures nothing pins on the target) end the call, and so do content rejections unless
 *       {@link RouterSettings#failoverOnContentRejection()}.
 *   <li>An ambiguous submit (it may have created a job) ends the call, unless {@link
 *       RouterSettings#resubmitAmbiguous()}: then it is treated as retryable and the attempts that
 *       follow are marked as possible duplicates.
 *   <li>Once a vendor accepted the part, it is only polled (failed polls are repeated) until the
 *       job ends or the deadline passes; it is never submitted again, to any target. A job that
 *       fails ends the call with its error.
 *   <li>When a target's plan splits the count into several calls, each call becomes a part routed
 *       on its own, in parallel: one failing over does not repeat the others.
 * </ul>
 *
 * <p>One deadline ({@link RouterSettings#deadline()}) covers the whole call; when it passes, the
 * call fails with a {@link io.genport.core.domain.DeadlineExceededException} whose handle resumes
 * the accepted jobs (they are left running). Cancelling the returned future, or {@link #cancel},
 * cancels the vendor jobs. A part that finally fails fails the call, and the other parts' running
 * jobs are cancelled. Every result lists all attempts and adaptations; progress events report
 * attempts starting, failing, being skipped, retried, failed over and hedged.
 *
 * <p>For monitoring, {@link Builder#metrics} receives counters, latencies, circuit changes and cost
 * ({@link RouterMetrics}); while a call's work runs, the SLF4J {@link org.slf4j.MDC} holds its id
 * under {@value #MDC_CALL_ID}, on the caller's thread and on the router's workers alike, and it is
 * removed when that work ends.
 */
public final class GenerationRouter implements ImageGeneration {
  /** The SLF4J MDC key that holds the id of the call whose work the current thread is doing. */
  public static final String MDC_CALL_ID = "genport.callId";

  private final RoutingEngine engine;

  private GenerationRouter(RoutingEngine engine) {
    this.engine = engine;
  }

  /** A builder for a router over {@code route}. */
  public static Builder builder(Route route) {
    return new Builder(route);
  }

  /** The route. */
  public Route route() {
    return engine.route;
  }

  /** The policy. */
  public RouterSettings settings() {
    return engine.settings;
  }

  /**
   * The circuit state of {@code target} now.
   *
   * @throws io.genport.core.domain.InvalidRequestException when the target is not in the route
   */
  public CircuitState circuitState(Target target) {
    return engine.state(target).breaker.state();
  }

  /**
   * A snapshot of {@code target}'s health and counters.
   *
   * @throws io.genport.core.domain.InvalidRequestException when the target is not in the route
   */
  public TargetStats stats(Target target) {
    return engine.state(target).snapshot();
  }

  /** Snapshots of every target, in route order. */
  public List<TargetStats> stats() {
    return engine.stats();
  }

  @Override
  public CompletableFuture<GenerationResult> generateAsync(
      GenerationRequest request, ProgressListener listener) {
    return engine.call(request, listener).result;
  }

  /**
   * Submits and waits until a vendor has accepted every part (or the call failed), so the handle
   * names real vendor jobs.
   *
   * @throws io.genport.core.domain.GenerationException when the call failed before any vendor
   *     accepted a part
   */
  @Override
  public GenerationJob submit(GenerationRequest request, ProgressListener listener) {
    return engine.submit(request, listener);
  }

  /**
   * Polls the jobs of a handle (from {@link #submit} or a {@link
   * io.genport.core.domain.DeadlineExceededException}) to their end, never submitting anything;
   * under a fresh deadline.
   *
   * @throws io.genport.core.domain.InvalidRequestException when the handle is malformed or names a
   *     target outside the route
   */
  @Override
  public GenerationJob resume(String handle, ProgressListener listener) {
    return engine.resume(handle, listener);
  }

  /**
   * Submits {@code request} as the item {@code idempotencyKey} at most once across the fleet: the
   * fleet's job registry is claimed first (atomically, so of two workers one submits), the vendor's
   * handle is recorded as soon as every part is accepted, and a key the fleet already holds a job
   * for is resumed instead of submitted. While another worker holds a live claim with no job yet,
   * this waits for its job (up to the deadline).
   *
   * @throws IllegalArgumentException when the key is empty, longer than 512 or has control
   *     characters
   */
  @Override
  public GenerationJob submitOnce(
      String idempotencyKey, GenerationRequest request, ProgressListener listener) {
    return engine.fleet.submitOnce(idempotencyKey, request, listener);
  }

  /** The fleet state this router shares (its own in-memory one unless the builder set one). */
  public FleetState fleetState() {
    return engine.fleet.state;
  }

  @Override
  public void cancel(GenerationJob job) {
    job.result().cancel(false);
  }

  @Override
  public String toString() {
    return "GenerationRouter" + engine.route;
  }

  /** Mutable, not thread-safe builder. */
  public static final class Builder {
    private final Route route;
    private RouterSettings settings = RouterSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Executor executor = DaemonExecutor.INSTANCE;
    private RandomGenerator random;
    private FleetState fleetState;
    private FleetPolicy fleetPolicy = FleetPolicy.NONE;
    private RouterMetrics metrics = RouterMetrics.NONE;

    private Builder(Route route) {
      this.route = requireNonNull(route, "route is null");
    }

    /** The policy; {@link RouterSettings#defaults()} when not set. */
    public Builder settings(RouterSettings settings) {
      this.settings = requireNonNull(settings, "settings is null");
      return this;
    }

    /** Where time comes from; the system UTC clock when not set. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock is null");
      return this;
    }

    /** How to wait (polls, backoff, deadlines, hedging delays); real sleeps when not set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper is null");
      return this;
    }

    /**
     * Runs the per-part loops, which block between polls; one task per part in flight. A shared
     * pool of daemon threads when not set.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor is null");
      return this;
    }

    /**
     * The source of jitter and of weighted choices; used under a lock, so it need not be
     * thread-safe. A fresh {@link SplittableRandom} when not set; inject a seeded one for
     * reproducible tests.
     */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random is null");
      return this;
    }

    /**
     * Shares circuits, rate tokens, spend ledgers and job records with other instances through
     * {@code state}, under {@code policy}'s limits. When not set, the router keeps its own
     * in-memory state and limits nothing.
     */
    public Builder fleet(FleetState state, FleetPolicy policy) {
      this.fleetState = requireNonNull(state, "fleet state is null");
      this.fleetPolicy = requireNonNull(policy, "fleet policy is null");
      return this;
    }

    /**
     * Where calls, attempts, retries, failovers, circuit changes, latency and cost are reported;
     * {@link RouterMetrics#NONE} when not set.
     */
    public Builder metrics(RouterMetrics metrics) {
      this.metrics = requireNonNull(metrics, "metrics is null");
      return this;
    }

    public GenerationRouter build() {
      return new GenerationRouter(
          new RoutingEngine(
              route,
              settings,
              clock,
              sleeper,
              executor,
              random == null ? new SplittableRandom() : random,
              fleetState,
              fleetPolicy,
              metrics));
    }
  }
}
