package io.genport.archfixtures.compliant.spitck;

import io.genport.archfixtures.compliant.simulators.AlphaSimulator;
import io.genport.archfixtures.compliant.spi.ProviderFactory;

/** Spi TCK: spi and simulators. */
public abstract class ProviderContract {
  protected abstract ProviderFactory factory();

  protected AlphaSimulator simulator() {
    return new AlphaSimulator();
  }
}
