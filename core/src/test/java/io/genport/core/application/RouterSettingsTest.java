package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The configuration records, the route, and the weighted first choice. */
class RouterSettingsTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");

  private static void rejects(String field, Supplier<?> build) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, build::get);
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    RouterSettings s = RouterSettings.defaults();
    assertEquals(Duration.ofMinutes(10), s.deadline());
    assertFalse(s.resubmitAmbiguous());
    assertFalse(s.failoverOnContentRejection());
    assertFalse(s.hedging().enabled());
    assertEquals(Duration.ofSeconds(30), s.pollTimeout());
    RetryPolicy r = s.retry();
    assertEquals(3, r.maxAttempts());
    assertEquals(Duration.ofMillis(500), r.initialBackoff());
    assertEquals(Duration.ofSeconds(20), r.maxBackoff());
    assertEquals(2.0, r.multiplier());
    assertEquals(Duration.ofSeconds(60), r.retryAfterCap());
    assertEquals(new RetryBudgetSettings(0.1, 10), r.budget());
    CircuitBreakerSettings c = s.circuitBreaker();
    assertTrue(c.enabled());
    assertEquals(5, c.consecutiveFailures());
    assertEquals(0.5, c.failureRateThreshold());
    assertEquals(20, c.minimumCalls());
    assertEquals(Duration.ofSeconds(60), c.window());
    assertEquals(Duration.ofSeconds(30), c.baseCooldown());
    assertEquals(Duration.ofMinutes(5), c.maxCooldown());
    assertEquals(3, c.probes());
  }

  @Test
  void buildersRoundTrip() {
    RouterSettings s =
        RouterSettings.builder()
            .deadline(Duration.ofSeconds(90))
            .retry(RetryPolicy.builder().maxAttempts(2).multiplier(3).build())
            .circuitBreaker(CircuitBreakerSettings.builder().probes(1).build())
            .hedging(HedgingSettings.after(Duration.ofSeconds(4)))
            .resubmitAmbiguous(true)
            .failoverOnContentRejection(true)
            .pollTimeout(Duration.ofSeconds(3))
            .build();
    assertEquals(s, s.toBuilder().build());
    assertEquals(s.retry(), s.retry().toBuilder().build());
    assertEquals(s.circuitBreaker(), s.circuitBreaker().toBuilder().build());
    assertEquals(Duration.ofSeconds(5), s.withDeadline(Duration.ofSeconds(5)).deadline());
  }

  @Test
  void invalidValuesAreRejectedNamingTheOption() {
    rejects("deadline", () -> RouterSettings.builder().deadline(Duration.ZERO).build());
    rejects("pollTimeout", () -> RouterSettings.builder().pollTimeout(Duration.ZERO).build());
    rejects("retry.maxAttempts", () -> RetryPolicy.builder().maxAttempts(0).build());
    rejects("retry.maxAttempts", () -> RetryPolicy.builder().maxAttempts(11).build());
    rejects(
        "retry.initialBackoff",
        () -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)).build());
    rejects(
        "retry.maxBackoff",
        () ->
            RetryPolicy.builder()
                .initialBackoff(Duration.ofSeconds(5))
                .maxBackoff(Duration.ofSeconds(1))
                .build());
    rejects("retry.multiplier", () -> RetryPolicy.builder().multiplier(0.5).build());
    rejects("retry.multiplier", () -> RetryPolicy.builder().multiplier(Double.NaN).build());
    rejects("retry.retryAfterCap", () -> RetryPolicy.builder().retryAfterCap(null).build());
    rejects("retry.budget.tokenRatio", () -> new RetryBudgetSettings(0, 10));
    rejects("retry.budget.maxTokens", () -> new RetryBudgetSettings(0.1, 0));
    rejects(
        "circuitBreaker.consecutiveFailures",
        () -> CircuitBreakerSettings.builder().consecutiveFailures(0).build());
    rejects(
        "circuitBreaker.failureRateThreshold",
        () -> CircuitBreakerSettings.builder().failureRateThreshold(1.5).build());
    rejects(
        "circuitBreaker.window",
        () -> CircuitBreakerSettings.builder().window(Duration.ZERO).build());
    rejects(
        "circuitBreaker.maxCooldown",
        () -> CircuitBreakerSettings.builder().maxCooldown(Duration.ofSeconds(1)).build());
    rejects("circuitBreaker.probes", () -> CircuitBreakerSettings.builder().probes(0).build());
    rejects("hedging.delay", () -> HedgingSettings.after(Duration.ZERO));
  }

  @Test
  void routesAreValidated() {
    rejects("route", () -> new Route(List.of(), false));
    rejects("route", () -> Route.builder().target(a, "m").target(a, "m").build());
    rejects("route", () -> Route.builder().target(a, "m", 2).target(b, "m").build());
    rejects("route", () -> Route.builder().target(a, "m", 0).target(b, "m", 0).build());
    rejects("route.weight", () -> Route.builder().target(a, "m", -1).build());
    rejects("route", () -> new RouteTarget(new Target("x", "m"), a, 1));
    Route r = Route.builder().target(a, "m1").target(a, "m2").build();
    assertFalse(r.weighted());
    assertEquals(a.target("m2"), r.find(a.target("m2")).target());
  }

  @Test
  void anOrderedRouteAlwaysStartsAtItsFirstTarget() {
    random = new FixedRandom(0.99);
    GenerationResult r = generate(router(settings().build(), a, b), request());
    assertEquals(List.of(a.target("m")), targets(r));
  }

  @Test
  void aWeightedRouteDrawsTheFirstTargetByWeightAndFailsOverInRouteOrder() {
    FixedRandom fixed = new FixedRandom(0.2);
    random = fixed;
    StubProvider c = new StubProvider("c");
    Route route = Route.builder().target(a, "m", 1).target(b, "m", 3).target(c, "m", 0).build();
    GenerationRouter router = router(settings().retry(RetryPolicy.none()).build(), route);

    assertEquals(List.of(a.target("m")), targets(generate(router, request())), "0.2 * 4 < 1");
    fixed.set(0.3);
    assertEquals(List.of(b.target("m")), targets(generate(router, request())), "1 <= 1.2 < 4");
    fixed.set(0.99);
    b.thenFail(status503());
    assertEquals(
        List.of(b.target("m"), a.target("m")),
        targets(generate(router, request())),
        "after the drawn target, the others in route order");
    assertEquals(0, c.submits.size(), "weight 0: never drawn first");
  }
}
