package io.genport.archfixtures.spiisolation.spi;

import com.google.inject.Inject;

/** Invalid: the spi uses Guice. */
public final class SpiUsingGuice {
  @Inject
  public SpiUsingGuice() {}
}
