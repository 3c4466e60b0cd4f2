package io.genport.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genport.core.application.CircuitState;
import io.genport.core.application.RouterMetrics.CallOutcome;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerRouterMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerRouterMetrics metrics = new MicrometerRouterMetrics(registry);
  private final Target fal = new Target("fal", "flux-2");
  private final Target replicate = new Target("replicate", "black-forest-labs/flux-schnell");

  private static Attempt attempt(Target t, Attempt.Outcome outcome, Duration latency) {
    return Attempt.builder(t, outcome).latency(latency).build();
  }

  @Test
  void aCallThatFailedOverIsCountedPerTargetWithItsLatencyAndCost() {
    metrics.callStarted();
    metrics.attemptEnded(attempt(fal, Attempt.Outcome.FAILED, Duration.ofMillis(200)));
    metrics.retried(fal);
    metrics.attemptEnded(attempt(fal, Attempt.Outcome.FAILED, Duration.ofMillis(300)));
    metrics.failedOver(fal, replicate);
    metrics.attemptEnded(attempt(replicate, Attempt.Outcome.SUCCEEDED, Duration.ofSeconds(2)));
    metrics.callEnded(
        CallOutcome.SUCCEEDED,
        Duration.ofMillis(2600),
        List.of(new Cost(new BigDecimal("0.003"), "USD")));

    assertEquals(1.0, registry.get(MicrometerRouterMetrics.CALLS_STARTED).counter().count());
    assertEquals(
        2600.0,
        registry
            .get(MicrometerRouterMetrics.CALLS)
            .tag("outcome", "succeeded")
            .timer()
            .totalTime(TimeUnit.MILLISECONDS));
    assertEquals(
        2,
        registry
            .get(MicrometerRouterMetrics.ATTEMPTS)
            .tags("target", "fal:flux-2", "provider", "fal", "outcome", "failed")
            .timer()
            .count());
    assertEquals(
        500.0,
        registry
            .get(MicrometerRouterMetrics.ATTEMPTS)
            .tags("target", "fal:flux-2", "outcome", "failed")
            .timer()
            .totalTime(TimeUnit.MILLISECONDS));
    assertEquals(
        2000.0,
        registry
            .get(MicrometerRouterMetrics.ATTEMPTS)
            .tags("target", replicate.toString(), "outcome", "succeeded")
            .timer()
            .totalTime(TimeUnit.MILLISECONDS));
    assertEquals(
        1.0,
        registry
            .get(MicrometerRouterMetrics.RETRIES)
            .tag("target", "fal:flux-2")
            .counter()
            .count());
    assertEquals(
        1.0,
        registry
            .get(MicrometerRouterMetrics.FAILOVERS)
            .tags("from", "fal:flux-2", "to", replicate.toString())
            .counter()
            .count());
    assertEquals(
        0.003,
        registry.get(MicrometerRouterMetrics.COST).tag("currency", "USD").counter().count(),
        1e-12);
  }

  @Test
  void circuitTransitionsAreCountedAndTheStateIsAGauge() {
    metrics.circuitChanged(fal, CircuitState.CLOSED, CircuitState.OPEN);
    assertEquals(
        2.0,
        registry
            .get(MicrometerRouterMetrics.CIRCUIT_STATE)
            .tag("target", "fal:flux-2")
            .gauge()
            .value());
    metrics.circuitChanged(fal, CircuitState.OPEN, CircuitState.HALF_OPEN);
    metrics.circuitChanged(fal, CircuitState.HALF_OPEN, CircuitState.CLOSED);

    assertEquals(
        0.0,
        registry
            .get(MicrometerRouterMetrics.CIRCUIT_STATE)
            .tag("target", "fal:flux-2")
            .gauge()
            .value());
    assertEquals(
        1.0,
        registry
            .get(MicrometerRouterMetrics.CIRCUIT_TRANSITIONS)
            .tags("target", "fal:flux-2", "from", "closed", "to", "open")
            .counter()
            .count());
    assertEquals(3, registry.get(MicrometerRouterMetrics.CIRCUIT_TRANSITIONS).counters().size());
  }

  @Test
  void aFailedCallIsTimedUnderItsOutcomeAndCostsNothing() {
    metrics.callEnded(CallOutcome.DEADLINE_EXCEEDED, Duration.ofSeconds(30), List.of());
    assertEquals(
        1,
        registry
            .get(MicrometerRouterMetrics.CALLS)
            .tag("outcome", "deadline-exceeded")
            .timer()
            .count());
    assertEquals(0, registry.find(MicrometerRouterMetrics.COST).counters().size());
  }
}
