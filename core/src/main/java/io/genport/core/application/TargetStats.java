package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Target;
import java.time.Instant;

/**
 * A snapshot of one target's health and counters since its router was built. Counters only grow;
 * compare two snapshots to measure an interval. The retry budget bounds {@code submits} by {@code
 * firstSubmits + max(maxTokens, tokenRatio * firstSubmits)}, which the chaos suite checks per
 * vendor.
 *
 * @param target the target
 * @param circuit the circuit breaker's state
 * @param openUntil when an open circuit lets probes through, or {@code null} when not open
 * @param timesOpened how many times the circuit opened
 * @param consecutiveFailures failures in a row while closed
 * @param windowCalls calls counted in the failure-rate window
 * @param windowFailures failures counted in the failure-rate window
 * @param retryTokens tokens left in the retry budget
 * @param firstSubmits submits that were a part's first on this target (not retries or hedges)
 * @param submits every submit (billable start call) sent to the target
 * @param accepted submits the vendor accepted
 * @param submitFailures submits that failed before acceptance (a target that cannot serve included)
 *     or ambiguously
 * @param ambiguousSubmits submits whose outcome was ambiguous
 * @param retries submits that were retries on this target
 * @param hedges submits that were hedges
 * @param possibleDuplicates submits made after an ambiguous submit of the same part
 * @param failovers times a part gave this target up after failures or an open circuit (moving on to
 *     the next target, if there was one)
 * @param skipped times a part skipped this target because it cannot serve the request
 * @param circuitRejections times a part skipped this target because its circuit was open
 * @param openCircuitSubmits submits sent although the circuit was open, because no target of the
 *     route could take the part otherwise (the router's last resort)
 * @param pollFailures status polls that failed, or stayed unanswered for the poll timeout, and were
 *     repeated
 * @param vendorCancels cancel requests sent to the vendor (caller cancels, failed calls, hedge
 *     losers, orphans)
 * @param orphansCancelled jobs the vendor accepted after their part had been given up (deadline,
 *     cancellation, lost hedge), cancelled at once
 */
public record TargetStats(
    Target target,
    CircuitState circuit,
    Instant openUntil,
    long timesOpened,
    int consecutiveFailures,
    int windowCalls,
    int windowFailures,
    double retryTokens,
    long firstSubmits,
    long submits,
    long accepted,
    long submitFailures,
    long ambiguousSubmits,
    long retries,
    long hedges,
    long possibleDuplicates,
    long failovers,
    long skipped,
    long circuitRejections,
    long openCircuitSubmits,
    long pollFailures,
    long vendorCancels,
    long orphansCancelled) {
  public TargetStats {
    requireNonNull(target, "target is null");
    requireNonNull(circuit, "circuit is null");
  }
}
