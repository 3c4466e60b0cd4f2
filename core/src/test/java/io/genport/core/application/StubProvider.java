package io.genport.core.application;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.NegotiatedRequest;
import io.genport.core.domain.negotiation.RequestNegotiator;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable provider for routing tests. Each submit takes the next scripted behaviour (or the
 * fallback: a synchronous success); everything sent is recorded, so tests count submits, polls and
 * cancels per target.
 */
final class StubProvider implements ImageProvider {
  private final String name;
  private final ModelCapabilities caps;
  private final AtomicInteger ids = new AtomicInteger();
  private final Deque<Function<PlannedCall, CompletableFuture<VendorJob>>> script =
      new ConcurrentLinkedDeque<>();

  final List<PlannedCall> submits = Collections.synchronizedList(new ArrayList<>());
  final List<VendorJob> polled = Collections.synchronizedList(new ArrayList<>());
  final List<VendorJob> cancelled = Collections.synchronizedList(new ArrayList<>());
  final List<CompletableFuture<VendorJob>> pending =
      Collections.synchronizedList(new ArrayList<>());
  final Map<String, Deque<Object>> polls = new ConcurrentHashMap<>();

  volatile Function<PlannedCall, CompletableFuture<VendorJob>> fallback = this::finished;

  /** The steady poll interval this provider names; {@code null}: the port's default. */
  volatile java.time.Duration pollInterval;

  /** Whether jobs get an end signal ({@link #endSignals}, by job id, completed by the test). */
  volatile boolean signalsEnd;

  final Map<String, CompletableFuture<Void>> endSignals = new ConcurrentHashMap<>();
  volatile RuntimeException planError;

  StubProvider(String name) {
    this(name, 4, 8);
  }

  /**
   * @param maxPerCall most images per call
   * @param multiple the multiple widths and heights must be (an exact size off it is adapted, or
   *     refused when REQUIRED)
   */
  StubProvider(String name, int maxPerCall, int multiple) {
    this.name = name;
    this.caps =
        new ModelCapabilities(
            new SizeCapability.FreeDimensions(
                DimensionRule.of(64, 2048, multiple), new PixelSize(512, 512)),
            maxPerCall,
            SeedSpec.integer(0, SeedSpec.UINT32_MAX),
            Set.of(),
            Set.of(),
            null,
            true,
            null,
            null,
            0,
            false);
  }

  Target target(String model) {
    return new Target(name, model);
  }

  // ------------------------------------------------------------ scripting

  /** The next submit behaves as {@code f}. */
  StubProvider then(Function<PlannedCall, CompletableFuture<VendorJob>> f) {
    script.add(f);
    return this;
  }

  /** The next submit fails with {@code e}. */
  StubProvider thenFail(GenerationException e) {
    return then(c -> CompletableFuture.failedFuture(e));
  }

  /** The next {@code n} submits fail with {@code e}. */
  StubProvider thenFail(int n, GenerationException e) {
    for (int i = 0; i < n; i++) {
      thenFail(e);
    }
    return this;
  }

  /** The next submit is never answered (until the test completes it through {@link #pending}). */
  StubProvider thenHang() {
    return then(
        c -> {
          CompletableFuture<VendorJob> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        });
  }

  /** The next submit is accepted as a job whose polls answer {@code answers}, then success. */
  StubProvider thenAccept(List<Object> answers) {
    return then(c -> accepted(c, answers));
  }

  /**
   * The next submit is accepted as a job that runs for {@code d} on {@code clock} from its
   * acceptance: its polls answer running until then, success from then on.
   */
  StubProvider thenRunFor(java.time.Duration d, java.time.Clock clock) {
    return then(
        c -> {
          java.time.Instant end = clock.instant().plus(d);
          JobStatus.Succeeded done = succeeded(c);
          JobStatus running = new JobStatus.Running(List.of());
          java.util.function.Supplier<JobStatus> byClock =
              () -> clock.instant().isBefore(end) ? running : done;
          String id = nextId();
          polls.put(id, new ArrayDeque<>(List.of(byClock)));
          return CompletableFuture.completedFuture(
              new VendorJob(
                  target("m"), id, Map.of("status_url", "https://" + name + ".invalid/" + id)));
        });
  }

  /** A synchronous success: the job comes back finished. */
  CompletableFuture<VendorJob> finished(PlannedCall c) {
    return CompletableFuture.completedFuture(
        new VendorJob(target("m"), nextId(), Map.of(), succeeded(c)));
  }

  /**
   * An accepted job whose polls answer {@code answers} (a Throwable fails a poll, a future is the
   * poll's answer as it stands), then success.
   */
  CompletableFuture<VendorJob> accepted(PlannedCall c, List<Object> answers) {
    String id = nextId();
    Deque<Object> q = new ArrayDeque<>(answers);
    q.add(succeeded(c));
    polls.put(id, q);
    return CompletableFuture.completedFuture(
        new VendorJob(target("m"), id, Map.of("status_url", "https://" + name + ".invalid/" + id)));
  }

  /** A job for a pending submit, to complete it with. */
  VendorJob job(String id) {
    polls.put(id, new ArrayDeque<>(List.of(new JobStatus.Running(List.of()))));
    return new VendorJob(target("m"), id, Map.of());
  }

  String nextId() {
    return name + "-job-" + ids.incrementAndGet();
  }

  /** The cost each finished job reports, or {@code null}. */
  io.genport.core.domain.Cost costPerJob;

  JobStatus.Succeeded succeeded(PlannedCall call) {
    List<GeneratedImage> images = new ArrayList<>();
    PixelSize px = call.expectedSize();
    for (int k = 0; k < call.part().count(); k++) {
      images.add(
          new GeneratedImage(
              ImageSource.of(new byte[] {1}),
              "image/png",
              px.width(),
              px.height(),
              call.part().seed(),
              false));
    }
    return new JobStatus.Succeeded(images, costPerJob);
  }

  // ------------------------------------------------------------ ImageProvider

  @Override
  public String name() {
    return name;
  }

  @Override
  public ModelCapabilities describe(String model) {
    return caps;
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    if (planError != null) {
      throw planError;
    }
    NegotiatedRequest n = RequestNegotiator.negotiate(request, caps, new SplittableRandom(7));
    List<PlannedCall> calls = new ArrayList<>();
    for (CallPart p : n.parts()) {
      calls.add(
          new PlannedCall(
              p,
              new NativeCall(
                  "POST", URI.create("https://" + name + ".invalid/run"), Map.of(), null, "{}"),
              n.size().choice().pixels()));
    }
    return new CallPlan(new Target(name, model), n, calls);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    submits.add(call);
    Function<PlannedCall, CompletableFuture<VendorJob>> f = script.poll();
    return (f == null ? fallback : f).apply(call);
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    polled.add(job);
    Deque<Object> answers = polls.get(job.id());
    Object next;
    synchronized (answers) {
      next = answers.size() > 1 ? answers.poll() : answers.peek();
    }
    if (next instanceof java.util.function.Supplier<?> timed) {
      next = timed.get();
    }
    if (next instanceof Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
    if (next instanceof CompletableFuture<?> f) {
      @SuppressWarnings("unchecked")
      CompletableFuture<JobStatus> answer = (CompletableFuture<JobStatus>) f;
      return answer;
    }
    return CompletableFuture.completedFuture((JobStatus) next);
  }

  @Override
  public java.time.Duration pollInterval(VendorJob job) {
    java.time.Duration d = pollInterval;
    return d == null ? ImageProvider.super.pollInterval(job) : d;
  }

  @Override
  public java.util.Optional<CompletableFuture<Void>> endSignal(VendorJob job) {
    if (!signalsEnd) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        endSignals.computeIfAbsent(job.id(), id -> new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    cancelled.add(job);
    return CompletableFuture.completedFuture(null);
  }
}
