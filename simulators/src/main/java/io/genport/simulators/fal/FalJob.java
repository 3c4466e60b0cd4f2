package io.genport.simulators.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.SimJob;
import io.genport.simulators.SimJobView;
import java.time.Instant;
import java.util.Optional;

/**
 * A read-only view of one queued fal request, for assertions: what was asked (prompt, seed, size
 * via {@link #generation()}), how often its status was polled, whether it was cancelled.
 */
public final class FalJob extends SimJobView<FalWork> {

  FalJob(SimJob<FalWork> job) {
    super(job);
  }

  /** The request id. */
  public String requestId() {
    return job.id();
  }

  /** {@code owner/app[/path]} as submitted. */
  public String endpointId() {
    return job.spec().endpointId;
  }

  /** {@code owner/app}: the part the status, result and cancel URLs use. */
  public String appId() {
    return job.spec().appId;
  }

  /** A copy of the submitted JSON input. */
  public JsonNode input() {
    return job.spec().input.deepCopy();
  }

  /** The valid generation, empty when the input failed validation. */
  public Optional<FalGeneration> generation() {
    return Optional.ofNullable(job.spec().generation);
  }

  /** The prompt, when the input had a string prompt. */
  public Optional<String> prompt() {
    JsonNode p = job.spec().input.get("prompt");
    return p != null && p.isTextual() ? Optional.of(p.asText()) : Optional.empty();
  }

  /** Whether a cancel request took effect. */
  public boolean cancelled() {
    return job.cancelled();
  }

  /** Whether it ends (or ended) with an error: invalid input, a trigger word, or cancellation. */
  public boolean failed() {
    return job.cancelled() || job.spec().failure != null;
  }

  /** When it was submitted, by the simulator's clock. */
  public Instant createdAt() {
    return job.createdAt();
  }

  @Override
  public String toString() {
    return "FalJob[" + requestId() + " " + endpointId() + " " + job + "]";
  }
}
