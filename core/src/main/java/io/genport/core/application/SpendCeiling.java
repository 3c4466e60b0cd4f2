package io.genport.core.application;

import io.genport.core.domain.Cost;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.SpendPeriod;

/**
 * The most the fleet may spend in one cost unit per period, e.g. 5 USD per day. Dollars and a
 * vendor's credits are separate ledgers with separate ceilings.
 *
 * @param limit the ceiling, with its unit
 * @param period the period it covers, in UTC
 */
public record SpendCeiling(Cost limit, SpendPeriod period) {
  public SpendCeiling {
    Checks.set("fleet.ceiling.limit", limit);
    Checks.set("fleet.ceiling.period", period);
    if (limit.amount().signum() <= 0) {
      throw new InvalidRequestException(
          "fleet.ceiling.limit", "must be positive, was " + limit.amount());
    }
  }
}
