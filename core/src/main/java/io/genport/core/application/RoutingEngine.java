package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * What outlives a call of a {@link GenerationRouter}: the route, the policy, the host services and
 * each target's breaker, budget and counters. It starts, submits and resumes {@link RoutedCall}s
 * and chooses the order each new call tries the targets in. Thread-safe.
 */
final class RoutingEngine {
  final Route route;
  final RouterSettings settings;
  final Clock clock;
  final Sleeper sleeper;
  final Executor executor;
  private final RandomGenerator random;
  private final Map<Target, TargetState> states;
  final FleetGate fleet;
  final RouterMetrics metrics;

  /** The circuit state each target was last seen in, to report changes to {@link #metrics}. */
  private final Map<Target, AtomicReference<CircuitState>> seenCircuits;

  RoutingEngine(
      Route route,
      RouterSettings settings,
      Clock clock,
      Sleeper sleeper,
      Executor executor,
      RandomGenerator random) {
    this(
        route,
        settings,
        clock,
        sleeper,
        executor,
        random,
        null,
        FleetPolicy.NONE,
        RouterMetrics.NONE);
  }

  RoutingEngine(
      Route route,
      RouterSettings settings,
      Clock clock,
      Sleeper sleeper,
      Executor executor,
      RandomGenerator random,
      FleetState fleetState,
      FleetPolicy fleetPolicy,
      RouterMetrics metrics) {
    this.route = requireNonNull(route, "route is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.random = requireNonNull(random, "random is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    // One process needs no setting: its own in-memory state, limiting nothing.
    this.fleet =
        new FleetGate(
            fleetState == null ? new InMemoryFleetState(clock) : fleetState, fleetPolicy, this);
    Map<Target, TargetState> m = new LinkedHashMap<>();
    Map<Target, AtomicReference<CircuitState>> seen = new LinkedHashMap<>();
    for (RouteTarget t : route.targets()) {
      TargetState s = new TargetState(t, settings, clock, fleet.state);
      m.put(t.target(), s);
      seen.put(t.target(), new AtomicReference<>(s.breaker.state()));
    }
    this.states = Collections.unmodifiableMap(m);
    this.seenCircuits = Collections.unmodifiableMap(seen);
  }

  /**
   * Reports a change of {@code target}'s circuit state since it was last looked at. Each change is
   * reported once, by whichever thread sees it first.
   */
  void observeCircuit(Target target) {
    TargetState s = states.get(target);
    AtomicReference<CircuitState> seen = seenCircuits.get(target);
    if (s == null || seen == null) {
      return;
    }
    CircuitState now = s.breaker.state();
    CircuitState before = seen.get();
    if (before != now && seen.compareAndSet(before, now)) {
      try {
        metrics.circuitChanged(target, before, now);
      } catch (RuntimeException e) {
        RoutedCall.metricsFailed("circuitChanged", e);
      }
    }
  }

  TargetState state(RouteTarget t) {
    return states.get(t.target());
  }

  /** The target's state; the error names the targets there are. */
  TargetState state(Target t) {
    TargetState s = states.get(requireNonNull(t, "target is null"));
    if (s == null) {
      throw new InvalidRequestException(
          "target", t + " is not in the route; the route has " + states.keySet());
    }
    return s;
  }

  List<TargetStats> stats() {
    List<TargetStats> out = new ArrayList<>();
    for (TargetState s : states.values()) {
      out.add(s.snapshot());
    }
    return out;
  }

  /** A uniform double in [0, 1) from the injected generator (which need not be thread-safe). */
  double nextDouble() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  /** A full-jitter backoff before retry {@code retry} (1 for the first). */
  Duration backoff(int retry) {
    Duration ceiling = settings.retry().backoffCeiling(retry);
    double u = Math.min(Math.max(nextDouble(), 0), 1);
    return Duration.ofNanos((long) (u * ceiling.toNanos()));
  }

  /**
   * The order a new call tries the targets in: the route's, or in a weighted route a first target
   * drawn by weight among those whose circuit lets calls through (all positive weights when none
   * does), followed by the others in route order.
   */
  List<RouteTarget> order() {
    List<RouteTarget> all = route.targets();
    if (!route.weighted() || all.size() == 1) {
      return all;
    }
    long open = 0;
    long any = 0;
    for (RouteTarget t : all) {
      any += t.weight();
      if (t.weight() > 0 && state(t).breaker.allowsCalls()) {
        open += t.weight();
      }
    }
    boolean onlyHealthy = open > 0;
    double x = nextDouble() * (onlyHealthy ? open : any);
    RouteTarget chosen = null;
    for (RouteTarget t : all) {
      if (t.weight() == 0 || (onlyHealthy && !state(t).breaker.allowsCalls())) {
        continue;
      }
      chosen = t;
      x -= t.weight();
      if (x < 0) {
        break;
      }
    }
    List<RouteTarget> out = new ArrayList<>(all.size());
    out.add(chosen);
    for (RouteTarget t : all) {
      if (t != chosen) {
        out.add(t);
      }
    }
    return out;
  }

  /** Starts serving {@code request}. */
  RoutedCall call(GenerationRequest request, ProgressListener listener) {
    requireNonNull(request, "request is null");
    RoutedCall c = new RoutedCall(this, listener, order());
    c.start(request);
    return c;
  }

  /**
   * Starts and waits until every part has been accepted by a vendor (or the call failed), so the
   * handle names real vendor jobs.
   *
   * @throws GenerationException when the call failed before any vendor accepted a part
   */
  GenerationJob submit(GenerationRequest request, ProgressListener listener) {
    RoutedCall c = call(request, listener);
    c.accepted.join();
    String handle = c.handle();
    if (handle == null) {
      try {
        c.result.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof GenerationException g) {
          throw g;
        }
        throw NonRetryableProviderException.causedBy(
            "the call failed unexpectedly: " + e.getCause(), e.getCause());
      } catch (CancellationException e) {
        throw e;
      }
      throw new IllegalStateException("a call completed without an accepted job");
    }
    return new GenerationJob(handle, c.result);
  }

  /**
   * Polls the jobs of a handle to their end, never submitting anything.
   *
   * @throws InvalidRequestException when the handle is malformed or names a target outside the
   *     route
   */
  GenerationJob resume(String handle, ProgressListener listener) {
    JobHandle h = JobHandle.decode(handle);
    List<RouteTarget> targets = new ArrayList<>();
    for (JobHandle.Part p : h.parts()) {
      Target t = h.targetOf(p);
      RouteTarget rt = route.find(t);
      if (rt == null) {
        throw new InvalidRequestException(
            "handle",
            "the job runs on "
                + t
                + ", which is not "
                + (route.targets().size() == 1
                    ? route.targets().get(0).target()
                    : "in the route " + route));
      }
      targets.add(rt);
    }
    RoutedCall c = new RoutedCall(this, listener, route.targets());
    c.resume(h, targets);
    return new GenerationJob(handle, c.result);
  }
}
