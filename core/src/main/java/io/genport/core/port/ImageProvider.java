package io.genport.core.port;

import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.ModelCapabilities;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The outbound port: one vendor, as the core sees it. Implementations come from provider plugins
 * and MUST be thread-safe; one instance serves every concurrent request.
 *
 * <p>The life of a call is {@link #plan} (pure), {@link #start} (the one billable request), then
 * {@link #poll} until a terminal {@link JobStatus}. Failures are reported as the subclasses of
 * {@link io.genport.core.domain.GenerationException}, never as raw transport or JSON exceptions.
 */
public interface ImageProvider {

  /** The provider's stable name, e.g. {@code fal}; the part before the colon of a target. */
  String name();

  /**
   * The ids of the models this provider knows by name (its catalog), in catalog order. A provider
   * may also accept ids not listed here (any fal endpoint, any Replicate owner/name); the default
   * lists none.
   */
  default java.util.List<String> models() {
    return java.util.List.of();
  }

  /**
   * The native parameter names {@code model} takes, the keys a request's extensions may set for
   * this provider, in the provider's order; empty when the provider does not say (the default).
   * Lets a host suggest the closest names when an extension is rejected.
   *
   * @throws io.genport.core.domain.InvalidRequestException when the model is unknown
   */
  default java.util.List<String> parameters(String model) {
    return java.util.List.of();
  }

  /**
   * What {@code model} can do.
   *
   * @throws io.genport.core.domain.InvalidRequestException when the model is unknown and the
   *     provider cannot describe arbitrary models
   */
  ModelCapabilities describe(String model);

  /**
   * Plans {@code request} for {@code model} without any I/O: negotiation, split, native bodies.
   * Deterministic for a request with a seed.
   *
   * @throws UnsupportedCapabilityException when a REQUIRED field cannot be honoured
   * @throws io.genport.core.domain.InvalidRequestException when the request or its extensions are
   *     invalid for this model
   */
  CallPlan plan(GenerationRequest request, String model);

  /**
   * Sends the billable request of one planned call. The future completes with the accepted job
   * (which may already be {@linkplain VendorJob#finished() finished} for synchronous vendors), or
   * fails with a classified {@link io.genport.core.domain.GenerationException}.
   */
  CompletableFuture<VendorJob> start(PlannedCall call);

  /** Asks for the job's status; idempotent, safe to retry. */
  CompletableFuture<JobStatus> poll(VendorJob job);

  /**
   * Asks the vendor to cancel the job. The default reports that cancel is not supported.
   *
   * @return a future that completes when the vendor acknowledged the cancellation
   */
  default CompletableFuture<Void> cancel(VendorJob job) {
    return CompletableFuture.failedFuture(
        new UnsupportedCapabilityException(null, name() + " cannot cancel jobs"));
  }

  /**
   * The steady wait between polls of {@code job}: the router polls sooner at first (a quarter of a
   * second after acceptance, growing by its poll schedule) and never waits longer than this between
   * two polls, so over a long job the polls come once per this interval. Zero means poll at once
   * (the provider has news to hand over). One second by default.
   */
  default Duration pollInterval(VendorJob job) {
    return Duration.ofSeconds(1);
  }

  /**
   * A push channel for the end of {@code job}, when the vendor has one (server-sent events): a
   * future that completes normally as soon as the vendor says the job has ended (the router then
   * polls it at once for the outcome), or exceptionally when the channel broke (the router then
   * falls back to polling on its schedule). The router cancels the future when it stops waiting for
   * the job, which must release whatever the channel holds. Empty (the default) when the provider
   * has no push channel or does not use it for this job; the router then polls.
   */
  default java.util.Optional<CompletableFuture<Void>> endSignal(VendorJob job) {
    return java.util.Optional.empty();
  }
}
