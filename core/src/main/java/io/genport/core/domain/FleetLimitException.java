package io.genport.core.domain;

/**
 * A limit the fleet shares kept a submit from being sent: the spending ceiling of the target's cost
 * unit is reached, or no request-rate token came before the deadline. Nothing was sent, so a router
 * moves on to the next target (one billing in another unit may still serve).
 */
public class FleetLimitException extends UnsupportedCapabilityException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which limit, its value and what was used of it
   */
  public FleetLimitException(String message) {
    super(null, message);
  }
}
