package io.genport.core.port;

import java.time.Duration;

/** Waits. Injected so tests never sleep for real. Implementations must be thread-safe. */
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
}
