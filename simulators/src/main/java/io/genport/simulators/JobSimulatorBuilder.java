package io.genport.simulators;

import java.util.Objects;

/**
 * A {@link SimulatorBuilder} for simulators whose jobs move through queued, running and done.
 *
 * @param <B> the concrete builder
 */
public abstract class JobSimulatorBuilder<B extends JobSimulatorBuilder<B>>
    extends SimulatorBuilder<B> {
  /** How jobs move through their states; {@code JobTiming.polls(1, 1)} unless set. */
  protected JobTiming timing = JobTiming.polls(1, 1);

  /**
   * A job store on the options' clock with the configured timing (the options' {@link
   * SimulatorOptions#jobTiming()} when they set one), for the simulator.
   */
  public <S> JobStore<S> newJobStore() {
    JobTiming t = options.jobTiming() != null ? options.jobTiming() : timing;
    return new JobStore<>(options.clock(), t);
  }

  /** How jobs move through their states (default {@code JobTiming.polls(1, 1)}). */
  public B jobTiming(JobTiming t) {
    this.timing = Objects.requireNonNull(t, "timing");
    return self();
  }
}
