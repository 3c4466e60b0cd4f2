package io.genport.core.application;

import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker of one target, as {@link CircuitBreakerSettings} describes it. Thread-safe
 * (every method locks the instance); time comes from the injected clock only, so tests move a fake
 * clock instead of waiting.
 *
 * <p>A caller asks for a {@link Permit} before each submit and reports how it went with exactly one
 * of {@link #onSuccess}, {@link #onFailure} or {@link #release}. Permits remember the state they
 * were given in, so a late report from before a transition cannot close or reopen a circuit.
 */
final class CircuitBreaker {
  /** Leave to send one submit; report its outcome once. */
  static final class Permit {
    private final long epoch;
    private final boolean probe;
    private final boolean bypassed;
    private boolean settled;

    Permit(long epoch, boolean probe, boolean bypassed) {
      this.epoch = epoch;
      this.probe = probe;
      this.bypassed = bypassed;
    }

    boolean probe() {
      return probe;
    }

    /** Whether it was given although the circuit refused calls (see {@link #bypass()}). */
    boolean bypassed() {
      return bypassed;
    }
  }

  private final CircuitBreakerSettings settings;
  private final Clock clock;
  private final Window window;
  private final FleetState fleet;
  private final Target target;

  private CircuitState state;
  private long epoch;
  private int consecutiveFailures;
  private Instant openUntil;
  private int trips;
  private Instant closedSince;
  private int probesInFlight;
  private int probeSuccesses;
  private int probeFailures;
  private long opened;

  CircuitBreaker(CircuitBreakerSettings settings, Clock clock) {
    this(settings, clock, null, null);
  }

  /**
   * A breaker that shares its openings with the fleet: it tells {@code fleet} when it opens, and
   * opens (until the same instant) when the fleet says another instance opened {@code target}'s
   * circuit, so the fleet pays for a failing vendor once, not once per instance.
   */
  CircuitBreaker(CircuitBreakerSettings settings, Clock clock, FleetState fleet, Target target) {
    this.settings = settings;
    this.clock = clock;
    this.fleet = target == null ? null : fleet;
    this.target = target;
    this.window = new Window(settings.window());
    this.state = settings.enabled() ? CircuitState.CLOSED : CircuitState.DISABLED;
    this.closedSince = clock.instant();
  }

  /** The current state (an open circuit whose cooldown ended reads as half-open). */
  synchronized CircuitState state() {
    refresh(clock.instant());
    return state;
  }

  /** When an open circuit will let probes through, or {@code null} when it is not open. */
  synchronized Instant openUntil() {
    refresh(clock.instant());
    return state == CircuitState.OPEN ? openUntil : null;
  }

  /** How many times the circuit has opened. */
  synchronized long timesOpened() {
    return opened;
  }

  /** Failures in a row while closed. */
  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Calls and failures in the current window, as {@code {calls, failures}}. */
  synchronized int[] windowCounts() {
    Instant now = clock.instant();
    return new int[] {window.calls(now), window.failures(now)};
  }

  /** Whether a submit would be let through now, without taking a permit. */
  synchronized boolean allowsCalls() {
    refresh(clock.instant());
    return state != CircuitState.OPEN
        && !(state == CircuitState.HALF_OPEN && probeSlotsTaken() >= settings.probes());
  }

  /** A permit to submit, or {@code null} when the circuit is open (or out of probe slots). */
  synchronized Permit tryAcquire() {
    Instant now = clock.instant();
    refresh(now);
    switch (state) {
      case DISABLED:
      case CLOSED:
        return new Permit(epoch, false, false);
      case HALF_OPEN:
        if (probeSlotsTaken() < settings.probes()) {
          probesInFlight++;
          return new Permit(epoch, true, false);
        }
        return null;
      case OPEN:
      default:
        return null;
    }
  }

  /**
   * A permit to submit although the circuit refuses calls, for the router's last resort when no
   * target of the route lets calls through (the load balancers' panic mode). Its outcome moves
   * nothing: the circuit still closes only through the probes after its cooldown.
   */
  synchronized Permit bypass() {
    return new Permit(epoch, false, true);
  }

  /** The submit was accepted by the vendor. */
  synchronized void onSuccess(Permit p) {
    if (!settle(p)) {
      return;
    }
    Instant now = clock.instant();
    refresh(now);
    if (p.probe) {
      if (p.epoch == epoch && state == CircuitState.HALF_OPEN) {
        probesInFlight--;
        probeSuccesses++;
        judgeProbes(now);
      }
      return;
    }
    if (state == CircuitState.CLOSED && p.epoch == epoch) {
      consecutiveFailures = 0;
      window.record(now, false);
    }
  }

  /** The submit failed in a way that says the vendor is unhealthy. */
  synchronized void onFailure(Permit p) {
    if (!settle(p)) {
      return;
    }
    Instant now = clock.instant();
    refresh(now);
    if (p.probe) {
      if (p.epoch == epoch && state == CircuitState.HALF_OPEN) {
        probesInFlight--;
        probeFailures++;
        judgeProbes(now);
      }
      return;
    }
    if (p.epoch == epoch) {
      recordClosedFailure(now);
    }
  }

  /**
   * An accepted job failed for a retryable reason: a health signal outside any permit. Counts only
   * while the circuit is closed.
   */
  synchronized void onJobFailure() {
    Instant now = clock.instant();
    refresh(now);
    recordClosedFailure(now);
  }

  /** The permit was not used, or its outcome says nothing about the vendor's health. */
  synchronized void release(Permit p) {
    if (!settle(p)) {
      return;
    }
    if (p.probe && p.epoch == epoch && state == CircuitState.HALF_OPEN) {
      probesInFlight--;
    }
  }

  private int probeSlotsTaken() {
    return probesInFlight + probeSuccesses + probeFailures;
  }

  /**
   * A half-open circuit reopens once its failed probes reach the failure-rate threshold of all its
   * probes (2 of 3 by default), and closes once every probe has answered below it. So it judges the
   * probes as a closed circuit judges its window: one failed probe in three does not send a vendor
   * that serves most requests back to a doubled cooldown.
   */
  private void judgeProbes(Instant now) {
    if (probeFailures >= settings.failureRateThreshold() * settings.probes()) {
      open(now);
    } else if (probeSuccesses + probeFailures >= settings.probes()) {
      close(now);
    }
  }

  private boolean settle(Permit p) {
    if (p == null || p.settled) {
      return false;
    }
    p.settled = true;
    return state != CircuitState.DISABLED && !p.bypassed;
  }

  private void recordClosedFailure(Instant now) {
    if (state != CircuitState.CLOSED) {
      return;
    }
    consecutiveFailures++;
    window.record(now, true);
    int calls = window.calls(now);
    if (consecutiveFailures >= settings.consecutiveFailures()
        || (calls >= settings.minimumCalls()
            && window.failures(now) >= settings.failureRateThreshold() * calls)) {
      open(now);
    }
  }

  private void refresh(Instant now) {
    if (fleet != null && (state == CircuitState.CLOSED || state == CircuitState.HALF_OPEN)) {
      Instant fleetUntil = fleet.circuitOpenUntil(target);
      if (fleetUntil != null && fleetUntil.isAfter(now)) {
        adopt(fleetUntil);
        return;
      }
    }
    if (state == CircuitState.OPEN && !now.isBefore(openUntil)) {
      state = CircuitState.HALF_OPEN;
      epoch++;
      probesInFlight = 0;
      probeSuccesses = 0;
      probeFailures = 0;
    }
  }

  private void open(Instant now) {
    if (state == CircuitState.CLOSED
        && Duration.between(closedSince, now).compareTo(settings.maxCooldown()) >= 0) {
      trips = 0;
    }
    Duration cooldown = settings.baseCooldown();
    for (int i = 0; i < trips && cooldown.compareTo(settings.maxCooldown()) < 0; i++) {
      cooldown = cooldown.multipliedBy(2);
    }
    if (cooldown.compareTo(settings.maxCooldown()) > 0) {
      cooldown = settings.maxCooldown();
    }
    trips++;
    opened++;
    state = CircuitState.OPEN;
    epoch++;
    openUntil = now.plus(cooldown);
    consecutiveFailures = 0;
    window.reset();
    if (fleet != null) {
      fleet.circuitOpened(target, openUntil);
    }
  }

  /**
   * Another instance opened this target's circuit: open it here until the same instant. Its
   * cooldown doubling stays the opener's business, so trips are not counted.
   */
  private void adopt(Instant until) {
    opened++;
    state = CircuitState.OPEN;
    epoch++;
    openUntil = until;
    consecutiveFailures = 0;
    window.reset();
  }

  private void close(Instant now) {
    state = CircuitState.CLOSED;
    epoch++;
    closedSince = now;
    consecutiveFailures = 0;
    window.reset();
  }

  /** Calls and failures over a sliding window, in ten slices. Not thread-safe on its own. */
  private static final class Window {
    private static final int SLICES = 10;
    private final long sliceNanos;
    private final long[] sliceIndex = new long[SLICES];
    private final int[] calls = new int[SLICES];
    private final int[] failures = new int[SLICES];

    Window(Duration window) {
      this.sliceNanos = Math.max(1, window.toNanos() / SLICES);
      reset();
    }

    void reset() {
      java.util.Arrays.fill(sliceIndex, Long.MIN_VALUE);
      java.util.Arrays.fill(calls, 0);
      java.util.Arrays.fill(failures, 0);
    }

    void record(Instant now, boolean failure) {
      long idx = index(now);
      int slot = (int) Math.floorMod(idx, (long) SLICES);
      if (sliceIndex[slot] != idx) {
        sliceIndex[slot] = idx;
        calls[slot] = 0;
        failures[slot] = 0;
      }
      calls[slot]++;
      if (failure) {
        failures[slot]++;
      }
    }

    int calls(Instant now) {
      return sum(now, calls);
    }

    int failures(Instant now) {
      return sum(now, failures);
    }

    private int sum(Instant now, int[] counts) {
      long idx = index(now);
      int total = 0;
      for (int i = 0; i < SLICES; i++) {
        if (sliceIndex[i] > idx - SLICES && sliceIndex[i] <= idx) {
          total += counts[i];
        }
      }
      return total;
    }

    private long index(Instant now) {
      long nanos =
          Math.addExact(
              Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), (long) now.getNano());
      return Math.floorDiv(nanos, sliceNanos);
    }
  }
}
