package io.genport.benchmarks;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider that passes everything through and notes, per job, when its end signal fired and when
 * its last status poll was sent and answered (the answer of the last poll holds the downloaded
 * images), so the completion lag can be split into its steps.
 */
final class TimedProvider implements ImageProvider {
  /** What happened to one job, in the caller's clock ({@link Instant#now()}). */
  static final class Marks {
    volatile Instant signalled;
    volatile Instant lastPollSent;
    volatile Instant lastPollAnswered;
  }

  private final ImageProvider delegate;
  final Map<String, Marks> marks = new ConcurrentHashMap<>();

  TimedProvider(ImageProvider delegate) {
    this.delegate = delegate;
  }

  Marks of(String jobId) {
    return marks.computeIfAbsent(jobId, id -> new Marks());
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<String> models() {
    return delegate.models();
  }

  @Override
  public ModelCapabilities describe(String model) {
    return delegate.describe(model);
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    return delegate.plan(request, model);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    return delegate.start(call);
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    Marks m = of(job.id());
    m.lastPollSent = Instant.now();
    return delegate.poll(job).whenComplete((s, e) -> m.lastPollAnswered = Instant.now());
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    return delegate.cancel(job);
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return delegate.pollInterval(job);
  }

  @Override
  public Optional<CompletableFuture<Void>> endSignal(VendorJob job) {
    Optional<CompletableFuture<Void>> s = delegate.endSignal(job);
    s.ifPresent(f -> f.thenRun(() -> of(job.id()).signalled = Instant.now()));
    return s;
  }
}
