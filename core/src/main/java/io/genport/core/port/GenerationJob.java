package io.genport.core.port;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationResult;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted request: a handle that survives restarts, and the result to come.
 *
 * @param handle an opaque string that {@link ImageGeneration#resume(String, ProgressListener)}
 *     accepts, possibly in another process; contains no credentials
 * @param result completes with the result or a classified failure
 */
public record GenerationJob(String handle, CompletableFuture<GenerationResult> result) {
  public GenerationJob {
    requireNonNull(handle, "handle is null");
    requireNonNull(result, "result is null");
  }

  @Override
  public String toString() {
    return "GenerationJob[" + handle + "]";
  }
}
