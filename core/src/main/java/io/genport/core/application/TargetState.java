package io.genport.core.application;

import io.genport.core.port.FleetState;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/** What a router keeps per target across calls: breaker, budget, counters. Thread-safe. */
final class TargetState {
  final RouteTarget target;
  final CircuitBreaker breaker;
  final RetryBudget budget;
  final LongAdder firstSubmits = new LongAdder();
  final LongAdder submits = new LongAdder();
  final LongAdder accepted = new LongAdder();
  final LongAdder submitFailures = new LongAdder();
  final LongAdder ambiguousSubmits = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder hedges = new LongAdder();
  final LongAdder possibleDuplicates = new LongAdder();
  final LongAdder failovers = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder circuitRejections = new LongAdder();
  final LongAdder openCircuitSubmits = new LongAdder();
  final LongAdder pollFailures = new LongAdder();
  final LongAdder vendorCancels = new LongAdder();
  final LongAdder orphansCancelled = new LongAdder();

  /** When this target's recent jobs ended: the window its polls bend around. */
  final JobEndHistory ends = new JobEndHistory();

  TargetState(RouteTarget target, RouterSettings settings, Clock clock) {
    this(target, settings, clock, null);
  }

  TargetState(RouteTarget target, RouterSettings settings, Clock clock, FleetState fleet) {
    this.target = target;
    this.breaker = new CircuitBreaker(settings.circuitBreaker(), clock, fleet, target.target());
    this.budget = new RetryBudget(settings.retry().budget());
  }

  TargetStats snapshot() {
    int[] window = breaker.windowCounts();
    return new TargetStats(
        target.target(),
        breaker.state(),
        breaker.openUntil(),
        breaker.timesOpened(),
        breaker.consecutiveFailures(),
        window[0],
        window[1],
        budget.tokens(),
        firstSubmits.sum(),
        submits.sum(),
        accepted.sum(),
        submitFailures.sum(),
        ambiguousSubmits.sum(),
        retries.sum(),
        hedges.sum(),
        possibleDuplicates.sum(),
        failovers.sum(),
        skipped.sum(),
        circuitRejections.sum(),
        openCircuitSubmits.sum(),
        pollFailures.sum(),
        vendorCancels.sum(),
        orphansCancelled.sum());
  }
}
