package io.genport.core.port;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits. Injected so tests never sleep for real: a fake moves a fake clock instead. Implementations
 * must be thread-safe.
 *
 * <p>Two styles: the blocking {@link #sleep} and {@link #awaitCompletion}, and the scheduled {@link
 * #delay} and {@link #within}, which return futures so that thousands of waiting jobs need no
 * thread each. {@link #SYSTEM} schedules them on the JDK's shared delay timer; the defaults of the
 * scheduled methods fall back to the blocking ones on the calling thread, so a fake that only moves
 * a clock in {@code sleep} stays deterministic (its futures are complete when returned).
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * The real sleeper: {@link Thread#sleep(long)} for blocking waits, the JDK's delay scheduler (one
   * shared daemon thread, {@link CompletableFuture#completeOnTimeout}) for scheduled ones.
   */
  Sleeper SYSTEM =
      new Sleeper() {
        @Override
        public void sleep(Duration d) throws InterruptedException {
          if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
          }
        }

        @Override
        public CompletableFuture<Void> delay(Duration d) {
          if (d.isNegative() || d.isZero()) {
            return CompletableFuture.completedFuture(null);
          }
          return new CompletableFuture<Void>()
              .completeOnTimeout(null, nanos(d), TimeUnit.NANOSECONDS);
        }

        @Override
        public CompletableFuture<Boolean> within(CompletableFuture<?> future, Duration timeout) {
          if (future.isDone()) {
            return CompletableFuture.completedFuture(true);
          }
          if (timeout.isNegative() || timeout.isZero()) {
            return CompletableFuture.completedFuture(false);
          }
          CompletableFuture<Boolean> done = new CompletableFuture<>();
          future.whenComplete((v, e) -> done.complete(true));
          return done.completeOnTimeout(false, nanos(timeout), TimeUnit.NANOSECONDS);
        }

        @Override
        public String toString() {
          return "Sleeper.SYSTEM";
        }
      };

  /** Waits for {@code duration}; returns early only by throwing. */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits until {@code future} is done (normally, exceptionally or cancelled) or {@code timeout}
   * has passed, whichever comes first. The default waits on the future in real time. A fake sleeper
   * overrides it to return at once when the future is done and otherwise to move its clock by
   * {@code timeout}, so timeouts (deadlines, hedging delays) are tested without waiting.
   *
   * @param future what to wait for; never null
   * @param timeout the longest wait; zero or negative means do not wait
   * @return whether the future is done
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  default boolean awaitCompletion(Future<?> future, Duration timeout) throws InterruptedException {
    if (future.isDone()) {
      return true;
    }
    if (timeout.isNegative() || timeout.isZero()) {
      return false;
    }
    try {
      future.get(nanos(timeout), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException | CancellationException e) {
      return true;
    } catch (TimeoutException e) {
      return future.isDone();
    }
  }

  /**
   * A future that completes after {@code duration}, without holding the calling thread when the
   * sleeper can schedule. The default sleeps on the calling thread through {@link #sleep} and
   * returns a completed future (or one failed with the {@link InterruptedException}, the thread's
   * interrupt flag set again).
   */
  default CompletableFuture<Void> delay(Duration duration) {
    try {
      sleep(duration);
      return CompletableFuture.completedFuture(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A future of whether {@code future} completed within {@code timeout}: {@code true} as soon as it
   * does, {@code false} when the timeout passes first. The default waits through {@link
   * #awaitCompletion} on the calling thread and returns a completed future.
   */
  default CompletableFuture<Boolean> within(CompletableFuture<?> future, Duration timeout) {
    try {
      return CompletableFuture.completedFuture(awaitCompletion(future, timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@code d} in nanoseconds, saturated at {@link Long#MAX_VALUE} for very long durations. */
  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
