package io.genport.simulators;

import java.util.Optional;

/**
 * A {@link KeyedJobSimulator} whose vendor bills generations in credits from an account balance:
 * the {@link CreditLedger} and the price of one image, with the balance a test sets and reads while
 * it runs. {@link #reset()} restores the starting balance.
 *
 * @param <W> what the vendor simulator keeps per job
 */
public abstract class CreditJobSimulator<W> extends KeyedJobSimulator<W> {
  /** The account's balance. */
  protected final CreditLedger ledger;

  /** Credits one image costs. */
  protected final long pricePerImage;

  /**
   * @param name short vendor name, used in thread names and logs
   * @param builder the options, job timing, key, balance and price
   */
  protected CreditJobSimulator(String name, CreditJobSimulatorBuilder<?> builder) {
    super(name, builder);
    this.ledger = builder.newCreditLedger();
    this.pricePerImage = builder.pricePerImage();
  }

  /** Sets the credit balance ({@code null}: unlimited). */
  public void credits(Long balance) {
    ledger.set(balance);
  }

  /** The credit balance left, empty when unlimited. */
  public Optional<Long> creditsLeft() {
    return ledger.left();
  }

  /** Forgets the jobs and restores the starting balance. */
  @Override
  protected void onReset() {
    super.onReset();
    ledger.reset();
  }
}
