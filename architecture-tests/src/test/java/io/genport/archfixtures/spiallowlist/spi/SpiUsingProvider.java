package io.genport.archfixtures.spiallowlist.spi;

import io.genport.archfixtures.spiallowlist.provider.alpha.AlphaProvider;

/** Invalid: the spi knows a concrete provider. */
public final class SpiUsingProvider {
  public AlphaProvider provider;
}
