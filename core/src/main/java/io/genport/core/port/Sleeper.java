package io.genport.core.port;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits. Injected so tests never sleep for real: a fake moves a fake clock instead. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /** The real sleeper, backed by {@link Thread#sleep(long)}. */
  Sleeper SYSTEM =
      d -> {
        if (!d.isNegative() && !d.isZero()) {
          Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
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
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE;
    }
    try {
      future.get(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException | CancellationException e) {
      return true;
    } catch (TimeoutException e) {
      return future.isDone();
    }
  }
}
