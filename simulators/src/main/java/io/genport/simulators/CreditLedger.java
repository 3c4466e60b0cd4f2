package io.genport.simulators;

import java.util.Optional;

/**
 * A vendor account's credit balance that generations are charged against: unlimited unless a
 * balance is set, and back to the starting balance on {@link #reset()}. Thread-safe: a charge
 * checks and takes in one step, so concurrent generations never overdraw it.
 */
public final class CreditLedger {
  private final Long initial;
  private Long balance;

  /** A ledger starting at {@code initial} credits; {@code null} for an unlimited balance. */
  public CreditLedger(Long initial) {
    this.initial = initial;
    this.balance = initial;
  }

  /** Sets the balance; {@code null} makes it unlimited. */
  public synchronized void set(Long newBalance) {
    this.balance = newBalance;
  }

  /** The balance left, empty when unlimited. */
  public synchronized Optional<Long> left() {
    return Optional.ofNullable(balance);
  }

  /** Takes {@code amount} from the balance; false (and nothing taken) when it cannot pay. */
  public synchronized boolean charge(long amount) {
    if (balance == null) {
      return true;
    }
    if (balance < amount) {
      return false;
    }
    balance -= amount;
    return true;
  }

  /** Gives {@code amount} back (a cancelled generation's reservation); no-op when unlimited. */
  public synchronized void refund(long amount) {
    if (balance != null) {
      balance += amount;
    }
  }

  /** Restores the starting balance. */
  public synchronized void reset() {
    balance = initial;
  }
}
