package io.genport.core.application;

import java.time.Duration;

/**
 * Optional hedging of submits. Off by default, because a hedge is a second submit that a vendor may
 * bill: turn it on only for routes where latency matters more than a possible second charge.
 *
 * <p>When on, and no vendor has accepted a part's submit {@code delay} after it was sent, the
 * router also submits the part to the next target of the route that can serve it, has a closed or
 * half-open circuit and has retry budget left. The first of the two to be accepted wins; the other
 * is recorded as a cancelled attempt and, if its vendor accepts it anyway, its job is cancelled at
 * the vendor. At most one hedge is started per part. A hedge never follows an accepted job: once a
 * vendor holds a job id the part is only polled. Results say when a hedge was started ({@link
 * io.genport.core.domain.GenerationResult#hedged()}).
 *
 * @param enabled whether to hedge; default false
 * @param delay how long a submit may stay unanswered before the hedge starts; default 10 s
 */
public record HedgingSettings(boolean enabled, Duration delay) {
  /** The default hedging delay. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(10);

  public HedgingSettings {
    Checks.positive("hedging.delay", delay);
  }

  /** No hedging (the default). */
  public static HedgingSettings disabled() {
    return new HedgingSettings(false, DEFAULT_DELAY);
  }

  /** Hedge a submit left unanswered for {@code delay}. */
  public static HedgingSettings after(Duration delay) {
    return new HedgingSettings(true, delay);
  }
}
