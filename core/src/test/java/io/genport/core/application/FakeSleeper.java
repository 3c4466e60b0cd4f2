package io.genport.core.application;

import io.genport.core.port.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Never sleeps: records each sleep and moves the fake clock instead. A wait on a future that is not
 * done moves the clock by the whole timeout, so tests decide deterministically what has answered
 * "in time": fakes complete their futures synchronously, or never.
 */
class FakeSleeper implements Sleeper {
  final FakeClock clock;

  /** Every {@link #sleep} (poll intervals, backoffs), in order. */
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  /** Every timed-out wait on a future (deadlines, hedging delays), in order. */
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  FakeSleeper(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    clock.advance(d);
  }

  @Override
  public boolean awaitCompletion(Future<?> future, Duration timeout) {
    if (future.isDone()) {
      return true;
    }
    if (!timeout.isNegative()) {
      waits.add(timeout);
      clock.advance(timeout);
    }
    return future.isDone();
  }

  /** The sleeps other than the 1 s poll intervals: the backoffs. */
  List<Duration> backoffs() {
    synchronized (sleeps) {
      return sleeps.stream().filter(d -> !d.equals(Duration.ofSeconds(1))).toList();
    }
  }
}
