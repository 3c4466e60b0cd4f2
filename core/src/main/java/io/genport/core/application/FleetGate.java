package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Cost;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureKind;
import io.genport.core.domain.FleetLimitException;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.FleetState;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.JobClaim;
import io.genport.core.port.JobRecord;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.RateLimit;
import io.genport.core.port.VendorJob;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a router meets the {@link FleetState}: before each billable submit it takes the vendor's
 * rate token (waiting for one on a timer, up to the call's deadline) and reserves the target's
 * estimated cost under its unit's ceiling; when the call ends it settles the reservations against
 * what the vendor reported. It also serves {@link GenerationRouter#submitOnce}: claim, submit,
 * record. Thread-safe.
 */
final class FleetGate {
  final FleetState state;
  final FleetPolicy policy;
  private final RoutingEngine engine;

  /** The reservations of accepted submits, per call, until the call ends. */
  private final Map<RoutedCall, List<Reservation>> held = new ConcurrentHashMap<>();

  private record Reservation(String unit, String period, BigDecimal amount) {}

  FleetGate(FleetState state, FleetPolicy policy, RoutingEngine engine) {
    this.state = requireNonNull(state, "fleet state is null");
    this.policy = requireNonNull(policy, "fleet policy is null");
    this.engine = engine;
  }

  /**
   * Takes a request-rate token of {@code rt}'s vendor, waiting for one up to the call's deadline.
   * The waits are the sleeper's timers ({@link io.genport.core.port.Sleeper#delay}), each followed
   * on the router's executor, so a submit waiting for a token holds no thread.
   *
   * @return a future of {@code null} once the token is taken (at once when the vendor has no rate
   *     limit), or of the {@link FleetLimitException} that refuses the submit (nothing sent): no
   *     token came before the deadline or the end of the call
   */
  CompletableFuture<FleetLimitException> rateToken(RoutedCall call, RouteTarget rt) {
    if (!policy.limitsAnything()) {
      return CompletableFuture.completedFuture(null);
    }
    String vendor = rt.target().provider();
    RateLimit limit = policy.rateLimits().get(vendor);
    if (limit == null) {
      return CompletableFuture.completedFuture(null);
    }
    return nextRateToken(call, vendor, limit);
  }

  private CompletableFuture<FleetLimitException> nextRateToken(
      RoutedCall call, String vendor, RateLimit limit) {
    if (call.over()) {
      return CompletableFuture.completedFuture(
          new FleetLimitException("the call ended while waiting for a rate token of " + vendor));
    }
    Duration wait = state.takeRateToken(policy.rateKey(vendor), limit);
    if (wait.isZero() || wait.isNegative()) {
      return CompletableFuture.completedFuture(null);
    }
    Duration left = Duration.between(engine.clock.instant(), call.deadlineAt);
    if (left.isNegative() || left.isZero()) {
      return CompletableFuture.completedFuture(
          new FleetLimitException(
              "no request-rate token of "
                  + vendor
                  + " ("
                  + limit.permits()
                  + " per "
                  + limit.per()
                  + ") came before the deadline"));
    }
    CompletableFuture<Void> timer = engine.sleeper.delay(wait.compareTo(left) < 0 ? wait : left);
    return call.after(
        timer,
        () -> {
          if (timer.isCompletedExceptionally()) {
            // A blocking sleeper was interrupted: as before, the submit is refused, not sent.
            return CompletableFuture.completedFuture(
                new FleetLimitException("interrupted while waiting for a rate token of " + vendor));
          }
          return nextRateToken(call, vendor, limit);
        });
  }

  /**
   * Sends the billable submit of {@code pc}, its rate token taken ({@link #rateToken}), once the
   * fleet's spending ceiling allows it. The future fails with a {@link FleetLimitException}
   * (nothing sent) when a ceiling is reached.
   */
  CompletableFuture<VendorJob> start(RoutedCall call, RouteTarget rt, PlannedCall pc) {
    if (!policy.limitsAnything()) {
      return VendorCalls.start(rt, pc);
    }
    Reservation r;
    try {
      r = reserve(rt, pc);
    } catch (FleetLimitException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<VendorJob> f = VendorCalls.start(rt, pc);
    if (r != null) {
      f.whenComplete((job, e) -> afterSubmit(call, r, job, e));
    }
    return f;
  }

  private Reservation reserve(RouteTarget rt, PlannedCall pc) {
    Cost perImage = policy.estimate(rt.target());
    if (perImage == null) {
      return null;
    }
    SpendCeiling ceiling = policy.ceiling(perImage.currency());
    if (ceiling == null) {
      return null;
    }
    BigDecimal amount = perImage.amount().multiply(BigDecimal.valueOf(pc.part().count()));
    String period = ceiling.period().label(engine.clock.instant());
    if (!state.reserveSpend(perImage.currency(), period, amount, ceiling.limit().amount())) {
      throw new FleetLimitException(
          "the fleet's spending ceiling of "
              + ceiling.limit().amount().toPlainString()
              + " "
              + ceiling.limit().currency()
              + " per "
              + ceiling.period().name().toLowerCase(java.util.Locale.ROOT)
              + " is reached ("
              + state.spent(perImage.currency(), period).toPlainString()
              + " spent in "
              + period
              + ")");
    }
    return new Reservation(perImage.currency(), period, amount);
  }

  /**
   * A refused submit created no job, so its reservation goes back; an accepted one is held until
   * the call ends; an ambiguous one stays spent (a job may exist).
   */
  private void afterSubmit(RoutedCall call, Reservation r, VendorJob job, Throwable e) {
    if (job != null) {
      boolean[] fresh = {false};
      held.computeIfAbsent(
              call,
              c -> {
                fresh[0] = true;
                return java.util.Collections.synchronizedList(new ArrayList<>());
              })
          .add(r);
      if (fresh[0]) {
        call.result.whenComplete((res, err) -> settle(call, res, err));
      }
      return;
    }
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof GenerationException g
        && FailureKind.classify(g, false) == FailureKind.AMBIGUOUS) {
      return;
    }
    state.addSpend(r.unit(), r.period(), r.amount().negate());
  }

  /**
   * Replaces the call's reservations by what it reported, per unit. A unit the result reports
   * nothing in keeps its reservation; a call that failed gives its reservations back, unless its
   * jobs may still be running (deadline, cancel).
   */
  private void settle(RoutedCall call, GenerationResult res, Throwable err) {
    List<Reservation> held = this.held.remove(call);
    if (held == null) {
      return;
    }
    List<Reservation> rs;
    synchronized (held) {
      rs = new ArrayList<>(held);
    }
    Throwable c =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    boolean keep = c instanceof DeadlineExceededException || c instanceof CancellationException;
    Map<String, List<Reservation>> byLedger = new LinkedHashMap<>();
    for (Reservation r : rs) {
      byLedger.computeIfAbsent(r.unit() + "\n" + r.period(), k -> new ArrayList<>()).add(r);
    }
    for (List<Reservation> group : byLedger.values()) {
      Reservation first = group.get(0);
      BigDecimal reserved = BigDecimal.ZERO;
      for (Reservation r : group) {
        reserved = reserved.add(r.amount());
      }
      BigDecimal delta;
      if (res != null) {
        BigDecimal actual = null;
        for (Cost cost : res.costs()) {
          if (cost.currency().equals(first.unit())) {
            actual = cost.amount();
          }
        }
        delta = actual == null ? BigDecimal.ZERO : actual.subtract(reserved);
      } else {
        delta = keep ? BigDecimal.ZERO : reserved.negate();
      }
      if (delta.signum() != 0) {
        state.addSpend(first.unit(), first.period(), delta);
      }
    }
  }

  // ------------------------------------------------------------------------------ job registry

  /**
   * Submits the item of {@code key} unless the fleet already holds a job for it: then resumes that
   * job. Waits (re-reading every {@link FleetPolicy#claimRecheck()}, up to the deadline) while
   * another owner holds a live claim without a job yet.
   */
  GenerationJob submitOnce(String key, GenerationRequest request, ProgressListener listener) {
    JobRecord.checkKey(key);
    requireNonNull(request, "request is null");
    Instant giveUp = engine.clock.instant().plus(engine.settings.deadline());
    while (true) {
      JobClaim claim = state.claimJob(key, policy.owner(), policy.claimLease());
      JobRecord rec = claim.record();
      if (claim.granted()) {
        return submitClaimed(rec, request, listener);
      }
      if (rec.vendorHoldsJob()) {
        return engine.resume(rec.handle(), listener);
      }
      if (!engine.clock.instant().isBefore(giveUp)) {
        throw RetryableProviderException.notReceived(
            "item "
                + key
                + " is claimed by "
                + rec.owner()
                + " and no vendor job appeared before the deadline",
            null);
      }
      try {
        engine.sleeper.sleep(policy.claimRecheck());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RetryableProviderException.notReceived(
            "interrupted while waiting on the claim of " + key, e);
      }
    }
  }

  private GenerationJob submitClaimed(
      JobRecord claimed, GenerationRequest request, ProgressListener listener) {
    GenerationJob job;
    try {
      job = engine.submit(request, listener);
    } catch (RuntimeException e) {
      // Nothing was accepted: the item may be claimed and tried again.
      state.recordJob(claimed.with(JobRecord.Status.FAILED, null, null, engine.clock.instant()));
      throw e;
    }
    JobRecord accepted =
        claimed.with(JobRecord.Status.ACCEPTED, job.handle(), null, engine.clock.instant());
    state.recordJob(accepted);
    job.result()
        .whenComplete(
            (r, e) ->
                state.recordJob(
                    accepted.with(
                        r != null ? JobRecord.Status.SUCCEEDED : JobRecord.Status.FAILED,
                        job.handle(),
                        null,
                        engine.clock.instant())));
    return job;
  }
}
