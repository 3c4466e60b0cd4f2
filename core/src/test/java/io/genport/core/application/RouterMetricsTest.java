package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.Target;
import io.genport.core.port.ProgressListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the router reports to its {@link RouterMetrics}, and the call id in the MDC. */
class RouterMetricsTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  /** Records every report as a line, in order. */
  static final class Recording implements RouterMetrics {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> callLatencies = Collections.synchronizedList(new ArrayList<>());
    final List<List<Cost>> costs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void callStarted() {
      lines.add("call started");
    }

    @Override
    public void callEnded(CallOutcome outcome, Duration latency, List<Cost> costs) {
      lines.add("call " + outcome);
      callLatencies.add(latency);
      this.costs.add(costs);
    }

    @Override
    public void attemptEnded(Attempt attempt) {
      attempts.add(attempt);
      lines.add("attempt " + attempt.target() + " " + attempt.outcome());
    }

    @Override
    public void retried(Target target) {
      lines.add("retry " + target);
    }

    @Override
    public void failedOver(Target from, Target to) {
      lines.add("failover " + from + " -> " + to);
    }

    @Override
    public void circuitChanged(Target target, CircuitState from, CircuitState to) {
      lines.add("circuit " + target + " " + from + " -> " + to);
    }
  }

  private GenerationRouter router(RouterSettings settings, RouterMetrics metrics) {
    return GenerationRouter.builder(Route.builder().target(a, "m").target(b, "m").build())
        .settings(settings)
        .clock(clock)
        .sleeper(sleeper)
        .executor(executor)
        .random(random)
        .metrics(metrics)
        .build();
  }

  @Test
  void callsAttemptsRetriesFailoversAndCostAreReported() {
    a.thenFail(status503()).thenFail(status503());
    b.costPerJob = new Cost(new BigDecimal("0.04"), "USD");
    b.then(
        c -> {
          clock.advance(Duration.ofSeconds(3));
          return b.finished(c);
        });
    Recording m = new Recording();
    RouterSettings settings =
        settings()
            .retry(retry().maxAttempts(2).initialBackoff(Duration.ofMillis(100)).build())
            .build();

    GenerationResult r = generate(router(settings, m), request());

    assertEquals(
        List.of(
            "call started",
            "attempt a:m FAILED",
            "retry a:m",
            "attempt a:m FAILED",
            "failover a:m -> b:m",
            "attempt b:m SUCCEEDED",
            "call SUCCEEDED"),
        m.lines);
    assertEquals(Duration.ofSeconds(3), m.attempts.get(2).latency(), "latency per target");
    assertEquals(List.of(List.of(new Cost(new BigDecimal("0.04"), "USD"))), m.costs);
    assertEquals(r.costs(), m.costs.get(0));
    assertTrue(
        m.callLatencies.get(0).compareTo(Duration.ofSeconds(3)) >= 0, m.callLatencies.toString());
  }

  @Test
  void circuitChangesAreReportedOnceEach() {
    a.fallback = c -> CompletableFuture.failedFuture(status503());
    Recording m = new Recording();
    RouterSettings settings =
        RouterSettings.builder()
            .retry(RetryPolicy.none())
            .circuitBreaker(
                CircuitBreakerSettings.builder()
                    .consecutiveFailures(2)
                    .baseCooldown(Duration.ofSeconds(30))
                    .probes(1)
                    .build())
            .build();
    GenerationRouter router = router(settings, m);

    generate(router, request());
    generate(router, request());
    generate(router, request()); // a is open: skipped
    clock.advance(Duration.ofSeconds(30));
    a.fallback = a::finished;
    generate(router, request()); // the probe closes it

    List<String> circuit = m.lines.stream().filter(l -> l.startsWith("circuit")).toList();
    assertEquals(
        List.of(
            "circuit a:m CLOSED -> OPEN",
            "circuit a:m OPEN -> HALF_OPEN",
            "circuit a:m HALF_OPEN -> CLOSED"),
        circuit);
  }

  @Test
  void aFailingMetricsSinkDoesNotChangeTheCall() {
    RouterMetrics broken =
        new RouterMetrics() {
          @Override
          public void attemptEnded(Attempt attempt) {
            throw new IllegalStateException("sink down");
          }

          @Override
          public void callEnded(CallOutcome outcome, Duration latency, List<Cost> costs) {
            throw new IllegalStateException("sink down");
          }
        };
    GenerationResult r = generate(router(settings().build(), broken), request());
    assertEquals(1, r.images().size());
  }

  @Test
  void theCallIdIsInTheMdcDuringTheCallOnWorkerThreadsAndClearedAfter() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      executor = pool;
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      a.then(
          c -> {
            seen.add(MDC.get(GenerationRouter.MDC_CALL_ID));
            return a.finished(c);
          });
      a.then(
          c -> {
            seen.add(MDC.get(GenerationRouter.MDC_CALL_ID));
            return a.finished(c);
          });
      GenerationRouter router = router(settings().build(), RouterMetrics.NONE);

      router.generateAsync(request(), ProgressListener.NONE).join();
      router.generateAsync(request(), ProgressListener.NONE).join();
      String afterOnWorker = pool.submit(() -> MDC.get(GenerationRouter.MDC_CALL_ID)).get();

      assertEquals(2, seen.size());
      assertTrue(seen.get(0) != null && !seen.get(0).isBlank(), seen.toString());
      assertTrue(!seen.get(0).equals(seen.get(1)), "each call has its own id: " + seen);
      assertNull(afterOnWorker, "the worker thread no longer carries a call id");
      assertNull(MDC.get(GenerationRouter.MDC_CALL_ID), "nor does the caller's");
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
