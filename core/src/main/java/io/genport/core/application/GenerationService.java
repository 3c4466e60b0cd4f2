package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.Attempt;
import io.genport.core.domain.Cost;
import io.genport.core.domain.DeadlineExceededException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.ProgressEvent;
import io.genport.core.domain.RequestField;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.port.CallPlan;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.ProgressListener;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageGeneration} for one target: plans the request, starts one vendor job per call part,
 * polls each until it ends, and assembles the result. Thread-safe; one instance serves any number
 * of concurrent requests.
 *
 * <p>Guarantees: a part whose vendor job was accepted is never started again (status polls are
 * retried on retryable failures, since they are idempotent); one end-to-end deadline covers the
 * start and every poll, and when it passes with jobs still running the failure carries a resumable
 * handle; cancelling the result future (or {@link #cancel}) cancels the vendor jobs.
 */
public final class GenerationService implements ImageGeneration {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationService.class);

  private final ImageProvider provider;
  private final Target target;
  private final GenerationSettings settings;

  /**
   * @param provider the provider to use
   * @param model the provider's model id
   * @param settings clock, sleeper, executor and deadline
   */
  public GenerationService(ImageProvider provider, String model, GenerationSettings settings) {
    this.provider = requireNonNull(provider, "provider is null");
    this.target = new Target(provider.name(), model);
    this.settings = requireNonNull(settings, "settings is null");
  }

  /** The target this service generates on. */
  public Target target() {
    return target;
  }

  @Override
  public CompletableFuture<GenerationResult> generateAsync(
      GenerationRequest request, ProgressListener listener) {
    CallPlan plan;
    try {
      plan = provider.plan(request, target.model());
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Execution ex = new Execution(plan, listener);
    ex.launch();
    return ex.result;
  }

  /**
   * Submits and waits until every part has been accepted by the vendor (or failed), so the handle
   * names real vendor jobs.
   */
  @Override
  public GenerationJob submit(GenerationRequest request, ProgressListener listener) {
    CallPlan plan = provider.plan(request, target.model());
    Execution ex = new Execution(plan, listener);
    ex.launch();
    ex.accepted.exceptionally(e -> null).join();
    return new GenerationJob(ex.handle(), ex.result);
  }

  @Override
  public GenerationJob resume(String handle, ProgressListener listener) {
    JobHandle h = JobHandle.decode(handle);
    if (!h.target().equals(target)) {
      throw new InvalidRequestException(
          "handle", "the job runs on " + h.target() + ", not on " + target);
    }
    Execution ex = new Execution(h, listener);
    ex.launch();
    return new GenerationJob(handle, ex.result);
  }

  @Override
  public void cancel(GenerationJob job) {
    job.result().cancel(false);
  }

  /** The state of one request in flight. */
  private final class Execution {
    final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    final CompletableFuture<Void> accepted = new CompletableFuture<>();
    final List<PlannedCall> calls;
    final List<Adaptation> adaptations = Collections.synchronizedList(new ArrayList<>());
    final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    final AtomicReferenceArray<VendorJob> jobs;
    final AtomicReferenceArray<JobStatus.Succeeded> done;
    final AtomicInteger acceptedCount = new AtomicInteger();
    final AtomicInteger doneCount = new AtomicInteger();
    final ProgressListener listener;
    final Instant deadlineAt;

    Execution(CallPlan plan, ProgressListener listener) {
      this.calls = plan.calls();
      this.adaptations.addAll(plan.adaptations());
      this.listener = listener == null ? ProgressListener.NONE : listener;
      this.jobs = new AtomicReferenceArray<>(calls.size());
      this.done = new AtomicReferenceArray<>(calls.size());
      this.deadlineAt = settings.clock().instant().plus(settings.deadline());
      result.whenComplete(
          (r, e) -> {
            if (e instanceof CancellationException) {
              cancelVendorJobs();
            }
          });
    }

    Execution(JobHandle handle, ProgressListener listener) {
      this.calls = new ArrayList<>();
      this.listener = listener == null ? ProgressListener.NONE : listener;
      this.jobs = new AtomicReferenceArray<>(handle.parts().size());
      this.done = new AtomicReferenceArray<>(handle.parts().size());
      this.deadlineAt = settings.clock().instant().plus(settings.deadline());
      for (int i = 0; i < handle.parts().size(); i++) {
        JobHandle.Part p = handle.parts().get(i);
        calls.add(
            new PlannedCall(
                p.part(),
                new io.genport.core.port.NativeCall(
                    "GET", java.net.URI.create("resumed:" + i), java.util.Map.of(), null, null),
                p.expectedSize()));
        jobs.set(i, new VendorJob(target, p.jobId(), p.attributes()));
        acceptedCount.incrementAndGet();
      }
      accepted.complete(null);
      result.whenComplete(
          (r, e) -> {
            if (e instanceof CancellationException) {
              cancelVendorJobs();
            }
          });
    }

    void launch() {
      for (int i = 0; i < calls.size(); i++) {
        int part = i;
        try {
          settings.executor().execute(() -> runPart(part));
        } catch (RuntimeException e) {
          fail(new RetryableProviderException("could not schedule part " + part, null, false, e));
        }
      }
    }

    void runPart(int i) {
      PlannedCall call = calls.get(i);
      Instant t0 = settings.clock().instant();
      VendorJob job = jobs.get(i);
      try {
        JobStatus status = null;
        if (job == null) {
          emit(new ProgressEvent.AttemptStarted(target, i));
          job = await(provider.start(call));
          jobs.set(i, job);
          if (acceptedCount.incrementAndGet() == calls.size()) {
            accepted.complete(null);
          }
          status = job.finished();
        }
        while (status == null || !status.terminal()) {
          if (result.isDone()) {
            return;
          }
          Duration remaining = Duration.between(settings.clock().instant(), deadlineAt);
          if (remaining.isNegative() || remaining.isZero()) {
            throw new DeadlineExceededException(
                "deadline of "
                    + settings.deadline()
                    + " passed while "
                    + target
                    + " job "
                    + job.id()
                    + " was still running; resume it with the job handle",
                handle());
          }
          Duration wait = provider.pollInterval(job);
          settings.sleeper().sleep(wait.compareTo(remaining) < 0 ? wait : remaining);
          try {
            status = await(provider.poll(job));
          } catch (RetryableProviderException e) {
            // Status calls are idempotent: keep polling the same job, never resubmit.
            LOG.debug(
                "status poll of {} job {} failed, polling again: {}",
                target,
                job.id(),
                e.getMessage());
            continue;
          }
          if (status instanceof JobStatus.Queued q) {
            emit(new ProgressEvent.Queued(target, i, q.position()));
          } else if (status instanceof JobStatus.Running r) {
            emit(new ProgressEvent.Running(target, i, r.logs()));
          }
        }
        if (status instanceof JobStatus.Succeeded s) {
          record(i, t0, Attempt.Outcome.SUCCEEDED, null, job, null);
          partDone(i, s);
        } else if (status instanceof JobStatus.Failed f) {
          throw f.error();
        } else {
          record(i, t0, Attempt.Outcome.CANCELLED, null, job, "cancelled at the vendor");
          result.cancel(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.cancel(false);
      } catch (GenerationException e) {
        record(i, t0, Attempt.Outcome.FAILED, e.failureClass(), job, e.getMessage());
        emit(new ProgressEvent.AttemptFailed(target, i, e.failureClass(), e.getMessage()));
        if (job == null && acceptedCount.get() < calls.size()) {
          accepted.completeExceptionally(e);
        }
        fail(e);
      } catch (RuntimeException e) {
        GenerationException g =
            new NonRetryableProviderException(
                "provider " + provider.name() + " failed unexpectedly: " + e, 0, e);
        record(i, t0, Attempt.Outcome.FAILED, g.failureClass(), job, g.getMessage());
        accepted.completeExceptionally(g);
        fail(g);
      }
    }

    private void partDone(int i, JobStatus.Succeeded s) {
      PixelSize expected = calls.get(i).expectedSize();
      for (GeneratedImage img : s.images()) {
        if (expected != null && img.size() != null && !expected.equals(img.size())) {
          adaptations.add(
              new Adaptation(
                  RequestField.SIZE,
                  expected.toString(),
                  img.size().toString(),
                  "the vendor returned a different size than planned"));
          break;
        }
      }
      done.set(i, s);
      emit(new ProgressEvent.Completed(target, i, s.images().size()));
      if (doneCount.incrementAndGet() == calls.size()) {
        complete();
      }
    }

    private void complete() {
      List<GeneratedImage> images = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      Cost cost = null;
      boolean costKnown = true;
      for (int i = 0; i < calls.size(); i++) {
        JobStatus.Succeeded s = done.get(i);
        images.addAll(s.images());
        ids.add(jobs.get(i).id());
        if (s.cost() == null) {
          costKnown = false;
        } else {
          cost = cost == null ? s.cost() : cost.plus(s.cost());
        }
      }
      result.complete(
          new GenerationResult(images, adaptations, attempts, ids, costKnown ? cost : null));
    }

    private void record(
        int part, Instant t0, Attempt.Outcome outcome, FailureClass fc, VendorJob job, String msg) {
      attempts.add(
          new Attempt(
              target,
              outcome,
              fc,
              Duration.between(t0, settings.clock().instant()),
              job != null,
              job == null ? null : job.id(),
              msg));
    }

    private void fail(GenerationException e) {
      if (result.isDone()) {
        return;
      }
      // A passed deadline leaves accepted jobs running so the handle can pick them up; any other
      // failure ends the request, so the remaining vendor jobs are stopped before we report it.
      if (!(e instanceof DeadlineExceededException)) {
        cancelVendorJobs();
      }
      result.completeExceptionally(e);
    }

    private void cancelVendorJobs() {
      for (int i = 0; i < jobs.length(); i++) {
        VendorJob job = jobs.get(i);
        if (job != null && done.get(i) == null && job.finished() == null) {
          provider
              .cancel(job)
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      LOG.debug("cancel of {} job {} failed: {}", target, job.id(), e.toString());
                    }
                  });
        }
      }
    }

    String handle() {
      List<JobHandle.Part> parts = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        VendorJob job = jobs.get(i);
        if (job != null) {
          parts.add(
              new JobHandle.Part(
                  calls.get(i).part(), calls.get(i).expectedSize(), job.id(), job.attributes()));
        }
      }
      return parts.isEmpty() ? null : new JobHandle(target, parts).encode();
    }

    private <T> T await(CompletableFuture<T> f) throws InterruptedException {
      long ms = Math.max(1, Duration.between(settings.clock().instant(), deadlineAt).toMillis());
      try {
        return f.get(ms, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof GenerationException g) {
          throw g;
        }
        throw new NonRetryableProviderException(
            "provider " + provider.name() + " failed unexpectedly: " + c, 0, c);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new DeadlineExceededException(
            "deadline of " + settings.deadline() + " passed waiting for " + target, handle());
      }
    }

    private void emit(ProgressEvent e) {
      try {
        listener.onEvent(e);
      } catch (RuntimeException ex) {
        LOG.warn("progress listener failed on {}: {}", e.getClass().getSimpleName(), ex.toString());
      }
    }
  }
}
