package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genport.core.domain.Attempt;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Shared fixtures of the router tests: a fake clock driven by a fake sleeper (nothing sleeps for
 * real, no assertion reads the wall clock), a same-thread executor unless a test needs threads, and
 * recorded progress events.
 */
abstract class RouterTestSupport {
  final FakeClock clock = new FakeClock();
  final FakeSleeper sleeper = new FakeSleeper(clock);
  final List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
  Executor executor = Runnable::run;
  RandomGenerator random = new FixedRandom(0.5);

  /** Defaults, with the circuit breaker off so single failures do not trip it. */
  static RouterSettings.Builder settings() {
    return RouterSettings.builder().circuitBreaker(CircuitBreakerSettings.disabled());
  }

  static RetryPolicy.Builder retry() {
    return RetryPolicy.builder().budget(RetryBudgetSettings.unlimited());
  }

  GenerationRouter router(RouterSettings settings, StubProvider... providers) {
    Route.Builder route = Route.builder();
    for (StubProvider p : providers) {
      route.target(p, "m");
    }
    return router(settings, route.build());
  }

  GenerationRouter router(RouterSettings settings, Route route) {
    return GenerationRouter.builder(route)
        .settings(settings)
        .clock(clock)
        .sleeper(sleeper)
        .executor(executor)
        .random(random)
        .build();
  }

  GenerationResult generate(GenerationRouter router, GenerationRequest request) {
    try {
      return router.generateAsync(request, events::add).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  <T extends GenerationException> T failure(
      Class<T> type, GenerationRouter router, GenerationRequest request) {
    return assertThrows(type, () -> generate(router, request));
  }

  static GenerationRequest request() {
    return GenerationRequest.builder("a red fox in the snow").seed(1L).build();
  }

  static RetryableProviderException status503() {
    return RetryableProviderException.answered("HTTP 503 on submit", null);
  }

  static RetryableProviderException status429(Duration retryAfter) {
    return RetryableProviderException.answered("HTTP 429 on submit", retryAfter);
  }

  static RetryableProviderException resetAfterSend() {
    return RetryableProviderException.ambiguous(
        "connection reset after the request was sent", null);
  }

  <T extends ProgressEvent> List<T> events(Class<T> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  static List<Target> targets(GenerationResult r) {
    return r.attempts().stream().map(Attempt::target).toList();
  }

  static List<Attempt.Outcome> outcomes(GenerationResult r) {
    return r.attempts().stream().map(Attempt::outcome).toList();
  }
}
