package io.genport.archfixtures.spiallowlist.spi;

import io.genport.archfixtures.spiallowlist.bootstrap.Config;

/** Invalid: the spi reaches up into the application's wiring. */
public final class SpiUsingBootstrap {
  public Config config;
}
