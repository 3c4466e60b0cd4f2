package io.genport.spitck;

/**
 * The vendor calls of a generation, named independently of any vendor, so that the contract tests
 * can inject a fault into "the submit" whatever its path is. A {@link ProviderHarness} maps each to
 * its simulator's {@link io.genport.simulators.Endpoint}.
 *
 * @since 1
 */
public enum VendorOperation {
  /**
   * The billable request that {@link io.genport.core.port.ImageProvider#start} sends: a queue
   * submit, or the whole run for a synchronous vendor.
   */
  SUBMIT,

  /** A status poll of an accepted job. */
  STATUS,

  /** Fetching the output of a finished job, where that is a separate call. */
  RESULT,

  /** Asking the vendor to cancel a job. */
  CANCEL,

  /**
   * Listing the vendor's recent jobs to find the one an ambiguous submit created, for a provider
   * that does ({@code JobProtocol.findSubmitted} in the provider toolkit); {@code null} from {@link
   * ProviderHarness#endpoint} for one that does not.
   */
  FIND_SUBMITTED
}
