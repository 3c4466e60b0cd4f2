package io.genport.simulators;

/**
 * A {@link KeyedJobSimulatorBuilder} for a {@link CreditJobSimulator}: also the account's starting
 * credit balance and what one image costs.
 *
 * @param <B> the concrete builder
 */
public abstract class CreditJobSimulatorBuilder<B extends CreditJobSimulatorBuilder<B>>
    extends KeyedJobSimulatorBuilder<B> {
  private Long credits;
  private long pricePerImage;

  /**
   * @param defaultKey the key expected unless {@link #apiKey} sets another
   * @param defaultPricePerImage credits one image costs unless {@link #pricePerImage(long)} sets
   *     another
   */
  protected CreditJobSimulatorBuilder(String defaultKey, long defaultPricePerImage) {
    super(defaultKey);
    this.pricePerImage = defaultPricePerImage;
  }

  /** The starting credit balance (default unlimited). */
  public B credits(long balance) {
    this.credits = balance;
    return self();
  }

  /** Credits one image costs (the default is the vendor simulator's). */
  public B pricePerImage(long price) {
    if (price < 0) {
      throw new IllegalArgumentException("price must be >= 0");
    }
    this.pricePerImage = price;
    return self();
  }

  /** Credits one image costs, for the simulator. */
  public long pricePerImage() {
    return pricePerImage;
  }

  /** A ledger with the configured starting balance, for the simulator. */
  public CreditLedger newCreditLedger() {
    return new CreditLedger(credits);
  }
}
