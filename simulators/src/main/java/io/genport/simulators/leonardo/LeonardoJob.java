package io.genport.simulators.leonardo;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimJobView;
import java.time.Instant;
import java.util.Optional;

/**
 * A read-only view of one Leonardo generation, for assertions: what was asked, how often its status
 * was read, whether it was deleted and how it ends.
 */
public final class LeonardoJob extends SimJobView<LeonardoWork> {
  private final boolean deleted;

  LeonardoJob(SimJob<LeonardoWork> job, boolean deleted) {
    super(job);
    this.deleted = deleted;
  }

  /** The {@code generationId}. */
  public String generationId() {
    return job.id();
  }

  /** A copy of the create body as sent. */
  public JsonNode input() {
    return job.spec().input.deepCopy();
  }

  /** What the simulator understood from it. */
  public LeonardoGeneration generation() {
    return job.spec().generation;
  }

  /** The reason it fails with, empty when it completes. */
  public Optional<String> failure() {
    return Optional.ofNullable(job.spec().failure);
  }

  /** Whether {@code DELETE /generations/{id}} removed it. */
  public boolean deleted() {
    return deleted;
  }

  /** When it was created, by the simulator's clock. */
  public Instant createdAt() {
    return job.createdAt();
  }

  @Override
  public String toString() {
    return "LeonardoJob[" + generationId() + " " + job + (deleted ? ", deleted" : "") + "]";
  }
}
