package io.genport.spitck;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationException;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives an {@link ImageProvider} the way the core does, minus the waiting: start a call, then poll
 * until a terminal status, ignoring {@link ImageProvider#pollInterval}. The simulators advance jobs
 * by poll count, so no test sleeps. Every wait on a future is bounded by {@link #FUTURE_TIMEOUT} so
 * a provider that never completes one fails the test instead of hanging it; nothing asserts on
 * elapsed time.
 *
 * @since 1
 */
public final class ProviderDriver {
  /** The longest wait for one future; a safety net, never reached by a working provider. */
  public static final Duration FUTURE_TIMEOUT = Duration.ofSeconds(30);

  /** The most polls {@link #pollToEnd} makes before giving up. */
  public static final int MAX_POLLS = 50;

  private final ImageProvider provider;

  /** Drives {@code provider}. */
  public ProviderDriver(ImageProvider provider) {
    this.provider = requireNonNull(provider, "provider is null");
  }

  /**
   * Starts {@code call} and returns the accepted job.
   *
   * @throws GenerationException the provider's classified failure
   * @throws AssertionError when the provider failed with something that is not a {@link
   *     GenerationException}, or did not answer in time
   */
  public VendorJob start(PlannedCall call) {
    return await(provider.start(call), "start");
  }

  /**
   * Polls {@code job} until it reaches a terminal status, at most {@link #MAX_POLLS} times.
   *
   * @return every status seen, in order, the terminal one last
   * @throws GenerationException when a poll fails
   * @throws AssertionError when the job does not end within the bound
   */
  public List<JobStatus> pollToEnd(VendorJob job) {
    List<JobStatus> seen = new ArrayList<>();
    for (int i = 0; i < MAX_POLLS; i++) {
      JobStatus s = poll(job);
      seen.add(s);
      if (s.terminal()) {
        return seen;
      }
    }
    throw new AssertionError(
        provider.name() + " job " + job.id() + " did not end within " + MAX_POLLS + " polls");
  }

  /**
   * One poll.
   *
   * @throws GenerationException when the poll fails
   */
  public JobStatus poll(VendorJob job) {
    JobStatus s = await(provider.poll(job), "poll");
    if (s == null) {
      throw new AssertionError("poll of " + job.id() + " completed with null");
    }
    return s;
  }

  /** Asks the vendor to cancel {@code job} and waits for the acknowledgement. */
  public void cancel(VendorJob job) {
    await(provider.cancel(job), "cancel");
  }

  /**
   * Starts {@code call} and polls it to its end.
   *
   * @return the terminal status
   * @throws GenerationException when start or a poll fails
   */
  public JobStatus run(PlannedCall call) {
    VendorJob job = start(call);
    List<JobStatus> seen = pollToEnd(job);
    return seen.get(seen.size() - 1);
  }

  /**
   * Runs {@code call} and returns its success, turning a {@link JobStatus.Failed} into its error.
   *
   * @throws GenerationException when the call fails
   * @throws AssertionError when the job ends cancelled
   */
  public JobStatus.Succeeded succeed(PlannedCall call) {
    JobStatus end = run(call);
    if (end instanceof JobStatus.Succeeded s) {
      return s;
    }
    if (end instanceof JobStatus.Failed f) {
      throw f.error();
    }
    throw new AssertionError("the job ended " + end + " instead of succeeding");
  }

  /**
   * Waits for {@code future}, bounded, and returns its value.
   *
   * @throws GenerationException when it failed with one (unwrapped)
   * @throws AssertionError when it failed with anything else, or did not complete in time
   */
  public static <T> T await(CompletableFuture<T> future, String what) {
    requireNonNull(future, what + " returned a null future");
    try {
      return future.get(FUTURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError(what + " did not complete within " + FUTURE_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause(), what);
    }
  }

  /**
   * Waits for {@code future} to fail and returns the {@link GenerationException} it failed with.
   *
   * @throws AssertionError when it succeeded, or failed with something unclassified
   */
  public static GenerationException failure(CompletableFuture<?> future, String what) {
    try {
      Object value = await(future, what);
      throw new AssertionError(what + " was expected to fail but completed with " + value);
    } catch (GenerationException e) {
      return e;
    }
  }

  /**
   * Runs {@code action}, which is expected to throw a {@link GenerationException} (directly or from
   * a future it waits for), and returns it.
   *
   * @throws AssertionError when it returned normally or threw something unclassified
   */
  public static GenerationException failure(Runnable action, String what) {
    try {
      action.run();
    } catch (GenerationException e) {
      return e;
    } catch (CompletionException e) {
      throw rethrow(e.getCause(), what);
    }
    throw new AssertionError(what + " was expected to fail but did not");
  }

  private static RuntimeException rethrow(Throwable cause, String what) {
    Throwable c = cause;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof GenerationException g) {
      return g;
    }
    // A raw transport, JSON or programming exception escaped the provider's edge: the SPI says
    // every failure is classified there.
    throw new AssertionError(
        what + " failed with an unclassified " + c.getClass().getName() + ": " + c.getMessage(), c);
  }
}
