package io.genport.micrometer;

import static java.util.Objects.requireNonNull;

import io.genport.core.application.CircuitState;
import io.genport.core.application.RouterMetrics;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RouterMetrics} on a Micrometer {@link MeterRegistry}. Thread-safe. Give it to {@code
 * GenerationRouter.Builder#metrics} or {@code GenPort.Builder#metrics}.
 *
 * <p>Meters (names as Micrometer writes them; registries rename them to their own conventions):
 *
 * <ul>
 *   <li>{@value #CALLS_STARTED} (counter) and {@value #CALLS} (timer, tag {@code outcome}): calls
 *       and their end-to-end latency;
 *   <li>{@value #ATTEMPTS} (timer, tags {@code target}, {@code provider}, {@code outcome}): every
 *       attempt and its latency per target;
 *   <li>{@value #RETRIES} (tag {@code target}), {@value #FAILOVERS} (tags {@code from}, {@code
 *       to}), {@value #HEDGES} (tags {@code target}, {@code hedge}): counters;
 *   <li>{@value #CIRCUIT_TRANSITIONS} (counter, tags {@code target}, {@code from}, {@code to}) and
 *       {@value #CIRCUIT_STATE} (gauge per target: 0 closed, 1 half-open, 2 open, -1 disabled);
 *   <li>{@value #COST} (counter, tag {@code currency}): what successful calls cost, as vendors
 *       reported it.
 * </ul>
 *
 * <p>Tags hold targets ({@code provider:model}) of the route, a bounded set, and never a prompt.
 */
public final class MicrometerRouterMetrics implements RouterMetrics {
  public static final String CALLS_STARTED = "genport.calls.started";
  public static final String CALLS = "genport.calls";
  public static final String ATTEMPTS = "genport.attempts";
  public static final String RETRIES = "genport.retries";
  public static final String FAILOVERS = "genport.failovers";
  public static final String HEDGES = "genport.hedges";
  public static final String CIRCUIT_TRANSITIONS = "genport.circuit.transitions";
  public static final String CIRCUIT_STATE = "genport.circuit.state";
  public static final String COST = "genport.cost";

  private final MeterRegistry registry;
  private final Map<Target, AtomicInteger> circuitStates = new ConcurrentHashMap<>();

  /**
   * @param registry where the meters are registered
   */
  public MicrometerRouterMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public void callStarted() {
    registry.counter(CALLS_STARTED).increment();
  }

  @Override
  public void callEnded(CallOutcome outcome, Duration latency, List<Cost> costs) {
    Timer.builder(CALLS)
        .description("GenPort calls, end to end")
        .tag("outcome", tag(outcome))
        .register(registry)
        .record(latency);
    for (Cost c : costs) {
      Counter.builder(COST)
          .description("what calls cost, as the vendors reported it")
          .baseUnit(c.currency())
          .tag("currency", c.currency())
          .register(registry)
          .increment(c.amount().doubleValue());
    }
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    Timer.builder(ATTEMPTS)
        .description("attempts at a target and their latency")
        .tag("target", attempt.target().toString())
        .tag("provider", attempt.target().provider())
        .tag("outcome", tag(attempt.outcome()))
        .register(registry)
        .record(attempt.latency());
  }

  @Override
  public void retried(Target target) {
    registry.counter(RETRIES, "target", target.toString()).increment();
  }

  @Override
  public void failedOver(Target from, Target to) {
    registry.counter(FAILOVERS, "from", from.toString(), "to", to.toString()).increment();
  }

  @Override
  public void hedged(Target target, Target hedge) {
    registry.counter(HEDGES, "target", target.toString(), "hedge", hedge.toString()).increment();
  }

  @Override
  public void circuitChanged(Target target, CircuitState from, CircuitState to) {
    registry
        .counter(CIRCUIT_TRANSITIONS, "target", target.toString(), "from", tag(from), "to", tag(to))
        .increment();
    circuitStates
        .computeIfAbsent(
            target,
            t -> {
              AtomicInteger state = new AtomicInteger(level(from));
              Gauge.builder(CIRCUIT_STATE, state, AtomicInteger::get)
                  .description("circuit state: 0 closed, 1 half-open, 2 open, -1 disabled")
                  .tag("target", t.toString())
                  .register(registry);
              return state;
            })
        .set(level(to));
  }

  private static int level(CircuitState s) {
    return switch (s) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
      case DISABLED -> -1;
    };
  }

  private static String tag(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return "MicrometerRouterMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}
