package io.genport.core.port;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import java.util.concurrent.CompletableFuture;

/**
 * The inbound port: what applications call. Thread-safe.
 *
 * <p>Failures are the subclasses of {@link io.genport.core.domain.GenerationException}; {@link
 * #generate} throws them directly, the asynchronous methods complete their futures with them.
 */
public interface ImageGeneration {

  /** Generates and waits for the result. */
  default GenerationResult generate(GenerationRequest request) {
    try {
      return generateAsync(request, ProgressListener.NONE).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Generates without blocking. Cancelling the future cancels the vendor jobs. */
  default CompletableFuture<GenerationResult> generateAsync(GenerationRequest request) {
    return generateAsync(request, ProgressListener.NONE);
  }

  /** Generates without blocking, reporting progress to {@code listener}. */
  default CompletableFuture<GenerationResult> generateAsync(
      GenerationRequest request, ProgressListener listener) {
    return submit(request, listener).result();
  }

  /** Submits and returns at once with a handle that can be resumed after a restart. */
  default GenerationJob submit(GenerationRequest request) {
    return submit(request, ProgressListener.NONE);
  }

  /** Submits, reporting progress to {@code listener}. */
  GenerationJob submit(GenerationRequest request, ProgressListener listener);

  /**
   * Picks up a job from its {@linkplain GenerationJob#handle() handle}: polls the vendor jobs it
   * names, never submitting anything again.
   *
   * @throws io.genport.core.domain.InvalidRequestException when the handle is malformed
   */
  GenerationJob resume(String handle, ProgressListener listener);

  /**
   * Submits {@code request} as the item {@code idempotencyKey}, at most once across every instance
   * that shares this one's {@link FleetState}: a key that already has a vendor job is resumed,
   * never submitted again. The default cannot promise that and refuses.
   *
   * @throws UnsupportedOperationException when this implementation keeps no job registry
   */
  default GenerationJob submitOnce(
      String idempotencyKey, GenerationRequest request, ProgressListener listener) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " keeps no job registry; use a GenerationRouter");
  }

  /** Cancels the job, including its vendor jobs where the vendor supports it. */
  void cancel(GenerationJob job);
}
