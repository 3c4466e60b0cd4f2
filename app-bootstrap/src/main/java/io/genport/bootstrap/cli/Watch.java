package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a command watches the vendor jobs of a routed call, through the router's public seams (its
 * clock and the providers of its route): it can see each job's first status, wait for the vendors
 * to acknowledge a cancel, and stop watching without cancelling anything.
 *
 * <p>Stopping ({@link #detach()}) moves the router's clock past the call's deadline and leaves
 * every later status poll unanswered, so the router ends the call as it does at a deadline: the
 * vendor jobs keep running, nothing is cancelled, and no polling goes on in the background. That is
 * what {@code generate --detach} and {@code status} need; cancelling the call's future would cancel
 * the vendor jobs instead.
 */
final class Watch {
  /** Far enough that any deadline has passed, near enough that no arithmetic overflows. */
  private static final Duration PAST_ANY_DEADLINE = Duration.ofDays(365L * 100);

  private final boolean pollFirstAtOnce;
  private volatile boolean detached;
  private final Map<String, CompletableFuture<JobStatus>> firstStatus = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Void>> cancels = new ArrayList<>();
  private final Clock clock = new DetachingClock(Clock.systemUTC());

  /**
   * @param pollFirstAtOnce whether a job's first status poll is sent at once instead of after the
   *     provider's poll interval: a resumed job has been waiting already
   */
  Watch(boolean pollFirstAtOnce) {
    this.pollFirstAtOnce = pollFirstAtOnce;
  }

  /** The clock to build the router with. */
  Clock clock() {
    return clock;
  }

  /** Stops watching: the call ends as at its deadline, its vendor jobs left running. */
  void detach() {
    detached = true;
  }

  boolean detached() {
    return detached;
  }

  /** The first status poll's answer for vendor job {@code id}, once it comes. */
  CompletableFuture<JobStatus> firstStatus(String id) {
    return firstStatus.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  /** The vendors' answers to the cancels sent so far. */
  List<CompletableFuture<Void>> cancels() {
    synchronized (cancels) {
      return List.copyOf(cancels);
    }
  }

  /** {@code provider}, watched. */
  ImageProvider watch(ImageProvider provider) {
    return new Watched(requireNonNull(provider, "provider is null"));
  }

  private final class Watched implements ImageProvider {
    private final ImageProvider p;

    Watched(ImageProvider p) {
      this.p = p;
    }

    @Override
    public String name() {
      return p.name();
    }

    @Override
    public List<String> models() {
      return p.models();
    }

    @Override
    public List<String> parameters(String model) {
      return p.parameters(model);
    }

    @Override
    public ModelCapabilities describe(String model) {
      return p.describe(model);
    }

    @Override
    public CallPlan plan(GenerationRequest request, String model) {
      return p.plan(request, model);
    }

    @Override
    public CompletableFuture<VendorJob> start(PlannedCall call) {
      return p.start(call);
    }

    @Override
    public CompletableFuture<JobStatus> poll(VendorJob job) {
      if (detached) {
        // Never answered: the router sees the deadline passed and stops, cancelling nothing.
        return new CompletableFuture<>();
      }
      CompletableFuture<JobStatus> f = p.poll(job);
      CompletableFuture<JobStatus> first = firstStatus(job.id());
      if (f == null) {
        return null;
      }
      f.whenComplete(
          (s, e) -> {
            if (e != null) {
              first.completeExceptionally(e);
            } else if (s != null) {
              first.complete(s);
            }
          });
      return f;
    }

    @Override
    public CompletableFuture<Void> cancel(VendorJob job) {
      CompletableFuture<Void> f = p.cancel(job);
      if (f != null) {
        synchronized (cancels) {
          cancels.add(f);
        }
      }
      return f;
    }

    @Override
    public Duration pollInterval(VendorJob job) {
      if (pollFirstAtOnce && !firstStatus(job.id()).isDone()) {
        return Duration.ZERO;
      }
      return p.pollInterval(job);
    }

    @Override
    public String toString() {
      return p.toString();
    }
  }

  /** The system clock until the watch is detached, then a century later. */
  private final class DetachingClock extends Clock {
    private final Clock base;

    DetachingClock(Clock base) {
      this.base = base;
    }

    @Override
    public ZoneId getZone() {
      return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new DetachingClock(base.withZone(zone));
    }

    @Override
    public Instant instant() {
      Instant now = base.instant();
      return detached ? now.plus(PAST_ANY_DEADLINE) : now;
    }
  }
}
