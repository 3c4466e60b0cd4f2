package io.genport.core.application;

import io.genport.core.domain.GenerationException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's calls into a provider, made safe: a provider that throws, returns {@code null} or
 * fails with an unclassified exception is turned into a classified {@link GenerationException}.
 * Stateless; cancels are counted on the target's state and never fail the caller.
 */
final class VendorCalls {
  private static final Logger LOG = LoggerFactory.getLogger(VendorCalls.class);

  private VendorCalls() {}

  /** Sends the billable submit of {@code call}; the future never throws from here. */
  static CompletableFuture<VendorJob> start(RouteTarget rt, PlannedCall call) {
    try {
      CompletableFuture<VendorJob> f = rt.provider().start(call);
      return f != null
          ? f
          : CompletableFuture.failedFuture(
              new NonRetryableProviderException(
                  "provider " + rt.provider().name() + " returned no future from start"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Asks for the job's status; {@code null} when the provider returned no future. */
  static CompletableFuture<JobStatus> poll(RouteTarget rt, VendorJob job) {
    try {
      return rt.provider().poll(job);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The classified failure of a completed future, or {@code null} when it holds a value. */
  static GenerationException failureOf(CompletableFuture<?> f, RouteTarget rt) {
    try {
      Object v = f.join();
      return v == null
          ? new NonRetryableProviderException(
              "provider " + rt.provider().name() + " completed a call with no value")
          : null;
    } catch (CompletionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      if (c instanceof GenerationException g) {
        return g;
      }
      return NonRetryableProviderException.causedBy(
          "provider " + rt.provider().name() + " failed unexpectedly: " + c, c);
    } catch (CancellationException e) {
      return RetryableProviderException.ambiguous(
          "the call to " + rt.target() + " was cancelled before its outcome was known", e);
    }
  }

  /** Asks the vendor to cancel {@code job} unless it already ended; failures are only logged. */
  static void cancel(RouteTarget rt, TargetState ts, VendorJob job) {
    if (job.finished() != null) {
      return;
    }
    ts.vendorCancels.increment();
    try {
      CompletableFuture<Void> f = rt.provider().cancel(job);
      if (f != null) {
        f.whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("cancel of {} job {} failed: {}", rt.target(), job.id(), e.toString());
              }
            });
      }
    } catch (RuntimeException e) {
      LOG.debug("cancel of {} job {} failed: {}", rt.target(), job.id(), e.toString());
    }
  }
}
