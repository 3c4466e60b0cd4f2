package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.Cost;
import io.genport.core.domain.FleetLimitException;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.Target;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.JobRecord;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import io.genport.core.port.SpendPeriod;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two routers sharing one fleet state: circuits, rate tokens, spend ceilings, the job registry. */
class RouterFleetTest extends RouterTestSupport {
  private final StubProvider a = new StubProvider("a");
  private final StubProvider b = new StubProvider("b");
  private final InMemoryFleetState fleet = new InMemoryFleetState(clock);

  private GenerationRouter member(RouterSettings settings, FleetPolicy policy, StubProvider... ps) {
    Route.Builder route = Route.builder();
    for (StubProvider p : ps) {
      route.target(p, "m");
    }
    return GenerationRouter.builder(route.build())
        .settings(settings)
        .clock(clock)
        .sleeper(sleeper)
        .executor(executor)
        .random(random)
        .fleet(fleet, policy)
        .build();
  }

  @Test
  void aCircuitOpenedByOneInstanceIsHonouredByAnother() {
    RouterSettings s =
        RouterSettings.builder()
            .retry(RetryPolicy.none())
            .circuitBreaker(
                CircuitBreakerSettings.builder()
                    .consecutiveFailures(2)
                    .baseCooldown(Duration.ofSeconds(30))
                    .build())
            .build();
    GenerationRouter first = member(s, FleetPolicy.NONE, a, b);
    GenerationRouter second = member(s, FleetPolicy.NONE, a, b);
    Target ta = a.target("m");
    a.fallback = c -> CompletableFuture.failedFuture(status503());
    generate(first, request());
    generate(first, request());
    assertEquals(CircuitState.OPEN, first.circuitState(ta));
    assertEquals(2, a.submits.size());

    assertEquals(CircuitState.OPEN, second.circuitState(ta), "the fleet's opening is adopted");
    assertEquals(clock.instant().plusSeconds(30), second.stats(ta).openUntil());
    GenerationResult r = generate(second, request());
    assertEquals(2, a.submits.size(), "the second instance sends nothing to the open target");
    assertEquals(b.target("m"), r.attempts().get(r.attempts().size() - 1).target());

    // Both reach the end of the same cooldown and probe again.
    clock.advance(Duration.ofSeconds(30));
    assertEquals(CircuitState.HALF_OPEN, second.circuitState(ta));
    assertEquals(CircuitState.HALF_OPEN, first.circuitState(ta));
  }

  @Test
  void aSingleRouterWithoutAFleetSettingSeesNoChange() {
    GenerationRouter alone = router(settings().build(), a);
    for (int i = 0; i < 5; i++) {
      generate(alone, request());
    }
    assertEquals(5, a.submits.size());
    assertTrue(sleeper.sleeps.isEmpty(), "no rate wait without a limit: " + sleeper.sleeps);
    assertEquals("InMemoryFleetState", alone.fleetState().toString());
  }

  @Test
  void theVendorRateLimitHoldsAcrossInstances() {
    List<Instant> sent = Collections.synchronizedList(new ArrayList<>());
    a.fallback =
        c -> {
          sent.add(clock.instant());
          return a.finished(c);
        };
    FleetPolicy policy =
        FleetPolicy.builder()
            .rateLimit("a", new RateLimit(4, Duration.ofSeconds(1), 1))
            .credential("a", RateKey.fingerprint("sk-test-key"))
            .build();
    GenerationRouter first = member(settings().build(), policy, a);
    GenerationRouter second = member(settings().build(), policy, a);
    for (int i = 0; i < 6; i++) {
      generate(i % 2 == 0 ? first : second, request());
    }
    assertEquals(6, sent.size());
    for (int i = 1; i < sent.size(); i++) {
      Duration gap = Duration.between(sent.get(i - 1), sent.get(i));
      assertTrue(
          gap.compareTo(Duration.ofMillis(250)) >= 0,
          "submits " + (i - 1) + " and " + i + " only " + gap + " apart");
    }
    Duration span = Duration.between(sent.get(0), sent.get(sent.size() - 1));
    assertTrue(
        span.compareTo(Duration.ofMillis(1250)) >= 0 && span.compareTo(Duration.ofMillis(1251)) < 0,
        "5 gaps of a quarter second each, was " + span);
  }

  @Test
  void theSpendCeilingMovesCallsToATargetBillingInAnotherUnitThenRefuses() {
    a.costPerJob = new Cost(new BigDecimal("1.00"), "USD");
    b.costPerJob = new Cost(new BigDecimal("3"), "credits");
    FleetPolicy policy =
        FleetPolicy.builder()
            .ceiling(new SpendCeiling(new Cost(new BigDecimal("3"), "USD"), SpendPeriod.DAY))
            .ceiling(new SpendCeiling(new Cost(new BigDecimal("6"), "credits"), SpendPeriod.DAY))
            .costPerImage("a", new Cost(new BigDecimal("1.00"), "USD"))
            .costPerImage("b:m", new Cost(new BigDecimal("3"), "credits"))
            .build();
    GenerationRouter first = member(settings().build(), policy, a, b);
    GenerationRouter second = member(settings().build(), policy, a, b);
    for (int i = 0; i < 3; i++) {
      generate(i % 2 == 0 ? first : second, request());
    }
    assertEquals(3, a.submits.size());
    String today = SpendPeriod.DAY.label(clock.instant());
    assertEquals(0, new BigDecimal("3").compareTo(fleet.spent("USD", today)));

    GenerationResult r = generate(second, request());
    assertEquals(3, a.submits.size(), "the dollar ceiling is reached: nothing more goes to a");
    assertEquals(b.target("m"), r.attempts().get(r.attempts().size() - 1).target());
    generate(first, request());
    assertEquals(2, b.submits.size());
    assertEquals(0, new BigDecimal("6").compareTo(fleet.spent("credits", today)));

    FleetLimitException e = failure(FleetLimitException.class, first, request());
    assertTrue(e.getMessage().contains("ceiling"), e.getMessage());
    assertEquals(2, b.submits.size());
  }

  @Test
  void aRefusedSubmitGivesItsReservationBack() {
    a.costPerJob = new Cost(new BigDecimal("1"), "USD");
    FleetPolicy policy =
        FleetPolicy.builder()
            .ceiling(new SpendCeiling(new Cost(new BigDecimal("5"), "USD"), SpendPeriod.DAY))
            .costPerImage("a", new Cost(new BigDecimal("1"), "USD"))
            .build();
    GenerationRouter r = member(settings().retry(RetryPolicy.none()).build(), policy, a);
    a.thenFail(status503());
    failure(io.genport.core.domain.RetryableProviderException.class, r, request());
    assertEquals(
        0, BigDecimal.ZERO.compareTo(fleet.spent("USD", SpendPeriod.DAY.label(clock.instant()))));
  }

  @Test
  void anItemIsSubmittedOnceAcrossInstancesAndResumedByTheOther() {
    GenerationRouter first =
        member(settings().build(), FleetPolicy.builder().owner("w1").build(), a);
    GenerationRouter second =
        member(settings().build(), FleetPolicy.builder().owner("w2").build(), a);
    a.fallback = c -> a.accepted(c, List.of());
    GenerationJob j1 = first.submitOnce("row-1", request(), ProgressListener.NONE);
    JobRecord rec = fleet.job("row-1").orElseThrow();
    assertEquals(j1.handle(), rec.handle());
    assertEquals("w1", rec.owner());

    GenerationJob j2 = second.submitOnce("row-1", request(), ProgressListener.NONE);
    assertEquals(j1.handle(), j2.handle(), "the second instance resumes the first one's job");
    assertEquals(1, a.submits.size(), "submitted once");
    assertEquals(1, j2.result().join().images().size());
    j1.result().join();
    assertEquals(JobRecord.Status.SUCCEEDED, fleet.job("row-1").orElseThrow().status());
  }

  @Test
  void aClaimThatFailedBeforeAcceptanceMayBeTakenAgain() {
    GenerationRouter r = member(settings().build(), FleetPolicy.builder().owner("w1").build(), a);
    a.thenFail(io.genport.core.domain.NonRetryableProviderException.withStatus("HTTP 400", 400));
    assertThrows(
        RuntimeException.class, () -> r.submitOnce("row-2", request(), ProgressListener.NONE));
    JobRecord failed = fleet.job("row-2").orElseThrow();
    assertEquals(JobRecord.Status.FAILED, failed.status());
    assertFalse(failed.vendorHoldsJob());
    GenerationJob again = r.submitOnce("row-2", request(), ProgressListener.NONE);
    again.result().join();
    assertEquals(2, a.submits.size());
  }

  @Test
  void aLiveClaimOfAnotherOwnerIsWaitedOnUntilItsLeaseEnds() {
    fleet.claimJob("row-3", "crashed-worker", Duration.ofSeconds(5));
    GenerationRouter r =
        member(
            settings().build(),
            FleetPolicy.builder().owner("w2").claimRecheck(Duration.ofSeconds(1)).build(),
            a);
    Instant t0 = clock.instant();
    GenerationJob j = r.submitOnce("row-3", request(), ProgressListener.NONE);
    j.result().join();
    assertEquals(Duration.ofSeconds(5), Duration.between(t0, clock.instant()));
    assertEquals("w2", fleet.job("row-3").orElseThrow().owner());
    assertEquals(1, a.submits.size());
  }
}
