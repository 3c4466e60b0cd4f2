package io.genport.spitck;

/**
 * What a provider and the model its {@link ProviderHarness} tests with can do, as far as the
 * contract tests care. Every capability is assumed supported unless {@link
 * ProviderHarness#supports(ProviderCapability)} says otherwise, so a forgotten override makes a
 * test fail loudly instead of being skipped silently. For each capability {@link
 * ProviderContractTest} has tests that run only when it is supported (they exercise it) and a test
 * that runs only when it is not (it checks the documented "unsupported" outcome).
 *
 * @since 1
 */
public enum ProviderCapability {
  /**
   * The vendor can cancel an accepted job. Unsupported: {@link
   * io.genport.core.port.ImageProvider#cancel} fails with {@link
   * io.genport.core.domain.UnsupportedCapabilityException}.
   */
  CANCEL,

  /**
   * The model takes a seed. Unsupported: a request whose seed is {@link
   * io.genport.core.domain.Strictness#REQUIRED} fails at plan time with {@link
   * io.genport.core.domain.UnsupportedCapabilityException}.
   */
  SEED,

  /**
   * The model takes a negative prompt. Unsupported: a REQUIRED negative prompt fails at plan time;
   * a best-effort one is left out and reported as an adaptation.
   */
  NEGATIVE_PROMPT,

  /**
   * One call can return several images ({@code maxImagesPerCall > 1}). Unsupported: the model
   * describes a maximum of 1, and a count of 2 is planned as two calls.
   */
  MULTIPLE_IMAGES_PER_CALL,

  /**
   * Accepted jobs are polled and report progress ({@code Queued} or {@code Running}) before they
   * finish. Unsupported: the vendor answers synchronously, so the job {@code start} returns is
   * already {@linkplain io.genport.core.port.VendorJob#finished() finished}.
   */
  QUEUE_STATUS,

  /**
   * The vendor can refuse content, which the provider reports as {@link
   * io.genport.core.domain.ContentRejectedException}. Unsupported: the simulator's rejection
   * trigger word produces a normal result.
   */
  CONTENT_REJECTION,

  /**
   * The vendor flags images its safety checker caught, which the provider reports through {@link
   * io.genport.core.domain.GeneratedImage#flagged()}. Unsupported: no image is ever flagged.
   */
  CONTENT_FLAGS,

  /**
   * The model can produce at least one explicit pixel size exactly ({@link
   * ProviderHarness#exactSize()}). Unsupported: a REQUIRED exact size fails at plan time.
   */
  EXACT_SIZE
}
