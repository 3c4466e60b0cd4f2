package io.genport.simulators.eachlabs;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimJobView;
import java.time.Instant;
import java.util.Optional;

/**
 * A read-only view of one simulated prediction, for assertions: what was asked, how often its
 * status was requested, whether it was cancelled.
 */
public final class EachLabsPrediction extends SimJobView<EachLabsWork> {

  EachLabsPrediction(SimJob<EachLabsWork> job) {
    super(job);
  }

  /** The prediction id ({@code predictionID}). */
  public String id() {
    return job.id();
  }

  /** The model slug as sent. */
  public String model() {
    return job.spec().model;
  }

  /** The version as sent, or {@code null} when the body had none. */
  public String version() {
    return job.spec().version;
  }

  /** A copy of the {@code input} object. */
  public JsonNode input() {
    return job.spec().input.deepCopy();
  }

  /** What the simulator generates. */
  public EachLabsGeneration generation() {
    return job.spec().generation;
  }

  /** The {@code output.error_code} it fails with, empty when it succeeds. */
  public Optional<String> failureCode() {
    return Optional.ofNullable(job.spec().failureCode);
  }

  /** Whether a cancel request took effect. */
  public boolean cancelled() {
    return job.cancelled();
  }

  /** When it was created, by the simulator's clock. */
  public Instant createdAt() {
    return job.createdAt();
  }

  @Override
  public String toString() {
    return "EachLabsPrediction[" + id() + " " + model() + " " + job + "]";
  }
}
