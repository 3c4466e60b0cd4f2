package io.genport.simulators;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The jobs of one simulator, in creation order. New jobs take the timing current at their creation
 * ({@link #timing(JobTiming)} changes it for later jobs only). Thread-safe.
 *
 * @param <S> what the vendor simulator stores per job
 */
public final class JobStore<S> {
  private final Clock clock;
  private final Map<String, SimJob<S>> jobs = new LinkedHashMap<>();
  private volatile JobTiming timing;

  /** A store whose jobs read {@code clock} and start with {@code timing}. */
  public JobStore(Clock clock, JobTiming timing) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timing = Objects.requireNonNull(timing, "timing");
  }

  /** Sets the timing of jobs created from now on. */
  public void timing(JobTiming newTiming) {
    this.timing = Objects.requireNonNull(newTiming, "timing");
  }

  /** The timing new jobs get. */
  public JobTiming timing() {
    return timing;
  }

  /** Creates a job. */
  public synchronized SimJob<S> create(String id, S spec) {
    if (jobs.containsKey(id)) {
      throw new IllegalStateException("duplicate job id " + id);
    }
    SimJob<S> job = new SimJob<>(id, spec, timing, clock);
    jobs.put(id, job);
    return job;
  }

  /** The job with this id. */
  public synchronized Optional<SimJob<S>> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** All jobs in creation order. */
  public synchronized List<SimJob<S>> all() {
    return List.copyOf(new ArrayList<>(jobs.values()));
  }

  /** Status polls the job with this id has seen (0 for an unknown id). */
  public synchronized int statusPolls(String id) {
    SimJob<S> job = jobs.get(id);
    return job == null ? 0 : job.statusPolls();
  }

  /** Ids of the jobs a cancel took effect on, in creation order. */
  public synchronized List<String> cancelledIds() {
    List<String> ids = new ArrayList<>();
    for (SimJob<S> job : jobs.values()) {
      if (job.cancelled()) {
        ids.add(job.id());
      }
    }
    return List.copyOf(ids);
  }

  /** How many jobs were created. */
  public synchronized int size() {
    return jobs.size();
  }

  /** Forgets every job. */
  public synchronized void clear() {
    jobs.clear();
  }
}
