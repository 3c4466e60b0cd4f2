package io.genport.core.domain;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * What a call cost, as the vendor reported it.
 *
 * @param amount non-negative amount
 * @param currency ISO currency code or a vendor unit such as {@code credits}
 */
public record Cost(BigDecimal amount, String currency) {
  public Cost {
    requireNonNull(amount, "amount is null");
    requireNonNull(currency, "currency is null");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("negative cost");
    }
  }

  /** The sum of two costs in the same currency. */
  public Cost plus(Cost other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + currency + " and " + other.currency);
    }
    return new Cost(amount.add(other.amount), currency);
  }
}
