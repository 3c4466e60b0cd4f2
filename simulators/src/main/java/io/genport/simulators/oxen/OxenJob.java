package io.genport.simulators.oxen;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimJobView;
import java.time.Instant;
import java.util.Optional;

/**
 * A read-only view of one queued Oxen generation, for assertions: what was asked, how often its
 * status was read, whether it was cancelled and how it ends.
 */
public final class OxenJob extends SimJobView<OxenWork> {

  OxenJob(SimJob<OxenWork> job) {
    super(job);
  }

  /** The {@code generation_id}. */
  public String generationId() {
    return job.id();
  }

  /** The {@code model} as enqueued. */
  public String model() {
    return job.spec().model;
  }

  /** A copy of the enqueued JSON body. */
  public JsonNode input() {
    return job.spec().input.deepCopy();
  }

  /** The valid generation, empty when a parameter was invalid (the job then fails). */
  public Optional<OxenGeneration> generation() {
    return Optional.ofNullable(job.spec().generation);
  }

  /** The {@code error_message} it fails with, empty when it succeeds (or is cancelled first). */
  public Optional<String> failure() {
    return Optional.ofNullable(job.spec().failure);
  }

  /** Whether a cancel took effect. */
  public boolean cancelled() {
    return job.cancelled();
  }

  /** When it was enqueued, by the simulator's clock. */
  public Instant enqueuedAt() {
    return job.createdAt();
  }

  @Override
  public String toString() {
    return "OxenJob[" + generationId() + " " + model() + " " + job + "]";
  }
}
