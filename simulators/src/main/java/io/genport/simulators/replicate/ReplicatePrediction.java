package io.genport.simulators.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.JobPhase;
import io.genport.simulators.SimJob;
import java.time.Instant;

/**
 * A read-only view of one simulated prediction, for assertions: what was asked, how often its
 * status was read, whether it was cancelled.
 */
public final class ReplicatePrediction {
  private final SimJob<Prediction> job;

  ReplicatePrediction(SimJob<Prediction> job) {
    this.job = job;
  }

  /** The prediction id. */
  public String id() {
    return job.id();
  }

  /** {@code owner/name} of the model. */
  public String model() {
    return job.spec().model;
  }

  /** The version id, or {@code null} for a model or deployment endpoint without one. */
  public String version() {
    return job.spec().version;
  }

  /** The route that created it ({@link ReplicateSimulator#CREATE_MODEL} etc.). */
  public String createdBy() {
    return job.spec().route;
  }

  /** A copy of the {@code input} object as sent. */
  public JsonNode input() {
    return job.spec().input.deepCopy();
  }

  /** What the model understood. */
  public ReplicateGeneration generation() {
    return job.spec().generation;
  }

  /** Number of {@code GET /v1/predictions/{id}} that reached it. */
  public int statusPolls() {
    return job.statusPolls();
  }

  /** Its phase now (not counted as a poll). */
  public JobPhase phase() {
    return job.phase();
  }

  /** Whether a cancel took effect. */
  public boolean cancelled() {
    return job.cancelled();
  }

  /** When it was created, by the simulator's clock. */
  public Instant createdAt() {
    return job.createdAt();
  }

  @Override
  public String toString() {
    return "ReplicatePrediction[" + id() + " " + model() + " " + job + "]";
  }
}
