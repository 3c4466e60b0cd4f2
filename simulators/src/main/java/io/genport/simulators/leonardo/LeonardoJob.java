package io.genport.simulators.leonardo;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.JobPhase;
import io.genport.simulators.SimJob;
import java.time.Instant;
import java.util.Optional;

/**
 * A read-only view of one Leonardo generation, for assertions: what was asked, how often its status
 * was read, whether it was deleted and how it ends.
 */
public final class LeonardoJob {
  private final SimJob<LeonardoWork> job;
  private final boolean deleted;

  LeonardoJob(SimJob<LeonardoWork> job, boolean deleted) {
    this.job = job;
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

  /** Number of {@code GET /generations/{id}} requests that reached it. */
  public int statusPolls() {
    return job.statusPolls();
  }

  /** Its phase now (does not count as a poll). */
  public JobPhase phase() {
    return job.phase();
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
