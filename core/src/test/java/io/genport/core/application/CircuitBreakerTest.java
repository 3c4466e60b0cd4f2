package io.genport.core.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a fake clock. */
class CircuitBreakerTest {
  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          CircuitBreakerSettings.builder()
              .consecutiveFailures(2)
              .baseCooldown(Duration.ofSeconds(10))
              .maxCooldown(Duration.ofSeconds(40))
              .probes(3)
              .build(),
          clock);

  private void trip() {
    breaker.onFailure(breaker.tryAcquire());
    breaker.onFailure(breaker.tryAcquire());
  }

  @Test
  void halfOpenLetsOnlyTheProbesThrough() {
    trip();
    assertNull(breaker.tryAcquire());
    clock.advance(Duration.ofSeconds(10));
    CircuitBreaker.Permit p1 = breaker.tryAcquire();
    CircuitBreaker.Permit p2 = breaker.tryAcquire();
    CircuitBreaker.Permit p3 = breaker.tryAcquire();
    assertNotNull(p3);
    assertNull(breaker.tryAcquire(), "three probes at most");
    breaker.release(p3);
    assertNotNull(breaker.tryAcquire(), "a released probe frees its slot");
    breaker.onSuccess(p1);
    breaker.onSuccess(p2);
    assertEquals(CircuitState.HALF_OPEN, breaker.state());
  }

  @Test
  void aLateReportFromBeforeATransitionChangesNothing() {
    CircuitBreaker.Permit old = breaker.tryAcquire();
    trip();
    clock.advance(Duration.ofSeconds(10));
    breaker.onFailure(old);
    assertEquals(CircuitState.HALF_OPEN, breaker.state(), "a stale failure does not reopen");
    breaker.onFailure(old);
    breaker.onSuccess(old);
    assertEquals(CircuitState.HALF_OPEN, breaker.state(), "a permit is settled once");
  }

  @Test
  void halfOpenJudgesItsProbesByTheFailureRateThreshold() {
    trip();
    clock.advance(Duration.ofSeconds(10));
    breaker.onFailure(breaker.tryAcquire());
    assertEquals(CircuitState.HALF_OPEN, breaker.state(), "1 failed probe of 3 is below 50%");
    breaker.onSuccess(breaker.tryAcquire());
    assertEquals(CircuitState.HALF_OPEN, breaker.state(), "one probe has not answered yet");
    breaker.onSuccess(breaker.tryAcquire());
    assertEquals(CircuitState.CLOSED, breaker.state(), "2 of 3 probes accepted");

    trip();
    clock.advance(Duration.ofSeconds(20));
    CircuitBreaker.Permit last = breaker.tryAcquire();
    breaker.onFailure(breaker.tryAcquire());
    breaker.onFailure(breaker.tryAcquire());
    assertEquals(CircuitState.OPEN, breaker.state(), "2 failed probes of 3 reach 50%");
    assertEquals(clock.instant().plusSeconds(40), breaker.openUntil(), "the cooldown doubled");
    breaker.onSuccess(last);
    assertEquals(CircuitState.OPEN, breaker.state(), "a probe answering late changes nothing");
  }

  @Test
  void theCooldownStartsOverOnceTheCircuitStayedClosedLongEnough() {
    trip();
    clock.advance(Duration.ofSeconds(10));
    breaker.onFailure(breaker.tryAcquire());
    breaker.onFailure(breaker.tryAcquire());
    assertEquals(clock.instant().plusSeconds(20), breaker.openUntil());
    clock.advance(Duration.ofSeconds(20));
    for (int i = 0; i < 3; i++) {
      breaker.onSuccess(breaker.tryAcquire());
    }
    assertEquals(CircuitState.CLOSED, breaker.state());
    trip();
    assertEquals(
        clock.instant().plusSeconds(40), breaker.openUntil(), "a quick relapse keeps doubling");
    clock.advance(Duration.ofSeconds(40));
    for (int i = 0; i < 3; i++) {
      breaker.onSuccess(breaker.tryAcquire());
    }
    clock.advance(Duration.ofSeconds(40));
    trip();
    assertEquals(clock.instant().plusSeconds(10), breaker.openUntil(), "healthy for maxCooldown");
  }

  @Test
  void aSuccessResetsTheConsecutiveCount() {
    breaker.onFailure(breaker.tryAcquire());
    breaker.onSuccess(breaker.tryAcquire());
    breaker.onFailure(breaker.tryAcquire());
    assertEquals(CircuitState.CLOSED, breaker.state());
    assertEquals(1, breaker.consecutiveFailures());
  }

  @Test
  void aBypassPermitGoesThroughAnOpenCircuitAndMovesNothing() {
    trip();
    java.time.Instant until = breaker.openUntil();
    CircuitBreaker.Permit forced = breaker.bypass();
    assertTrue(forced.bypassed());
    breaker.onSuccess(forced);
    assertEquals(CircuitState.OPEN, breaker.state(), "a success does not close it early");
    breaker.onFailure(breaker.bypass());
    assertEquals(until, breaker.openUntil(), "a failure does not extend the cooldown");

    clock.advance(Duration.ofSeconds(10));
    CircuitBreaker.Permit p1 = breaker.tryAcquire();
    CircuitBreaker.Permit p2 = breaker.tryAcquire();
    CircuitBreaker.Permit p3 = breaker.tryAcquire();
    breaker.onFailure(breaker.bypass());
    breaker.release(breaker.bypass());
    assertEquals(CircuitState.HALF_OPEN, breaker.state(), "only probes decide a half-open circuit");
    assertNull(breaker.tryAcquire(), "and a bypass takes no probe slot, nor frees one");
    breaker.onSuccess(p1);
    breaker.onSuccess(p2);
    breaker.onSuccess(p3);
    assertEquals(CircuitState.CLOSED, breaker.state());
  }

  @Test
  void aDisabledBreakerAlwaysLetsCallsThrough() {
    CircuitBreaker off = new CircuitBreaker(CircuitBreakerSettings.disabled(), clock);
    for (int i = 0; i < 100; i++) {
      off.onFailure(off.tryAcquire());
    }
    assertEquals(CircuitState.DISABLED, off.state());
    assertNotNull(off.tryAcquire());
  }
}
