package io.genport.core.application;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.Target;
import io.genport.core.port.GenerationJob;
import io.genport.core.port.ImageGeneration;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.ProgressListener;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ImageGeneration} for one target: plans the request, starts one vendor job per call part,
 * polls each until it ends, and assembles the result. Thread-safe; one instance serves any number
 * of concurrent requests.
 *
 * <p>Guarantees: a part whose vendor job was accepted is never started again (status polls are
 * retried on retryable failures, since they are idempotent); one end-to-end deadline covers the
 * start and every poll, and when it passes with jobs still running the failure carries a resumable
 * handle; cancelling the result future (or {@link #cancel}) cancels the vendor jobs. A failed
 * submit is not retried: it is {@link GenerationRouter}'s job to retry and fail over. Both share
 * one start-and-poll loop: this service is a route of one target with retries and circuit breaking
 * off.
 */
public final class GenerationService implements ImageGeneration {
  /** The policy of a single target: no retries, no circuit breaking, no hedging. */
  private static final RouterSettings SINGLE_TARGET =
      RouterSettings.builder()
          .retry(RetryPolicy.none())
          .circuitBreaker(CircuitBreakerSettings.disabled())
          .hedging(HedgingSettings.disabled())
          .build();

  private final Target target;
  private final RoutingEngine engine;

  /**
   * @param provider the provider to use
   * @param model the provider's model id
   * @param settings clock, sleeper, executor and deadline
   */
  public GenerationService(ImageProvider provider, String model, GenerationSettings settings) {
    requireNonNull(provider, "provider is null");
    requireNonNull(settings, "settings is null");
    RouteTarget rt = RouteTarget.of(provider, model);
    this.target = rt.target();
    this.engine =
        new RoutingEngine(
            Route.of(rt),
            SINGLE_TARGET.withDeadline(settings.deadline()),
            settings.clock(),
            settings.sleeper(),
            settings.executor(),
            new SplittableRandom());
  }

  /** The target this service generates on. */
  public Target target() {
    return target;
  }

  @Override
  public CompletableFuture<GenerationResult> generateAsync(
      GenerationRequest request, ProgressListener listener) {
    return engine.call(request, listener).result;
  }

  /**
   * Submits and waits until every part has been accepted by the vendor (or failed), so the handle
   * names real vendor jobs.
   *
   * @throws io.genport.core.domain.GenerationException when the request cannot be planned or no
   *     part was accepted
   */
  @Override
  public GenerationJob submit(GenerationRequest request, ProgressListener listener) {
    return engine.submit(request, listener);
  }

  @Override
  public GenerationJob resume(String handle, ProgressListener listener) {
    return engine.resume(handle, listener);
  }

  @Override
  public void cancel(GenerationJob job) {
    job.result().cancel(false);
  }
}
