package io.genport.archfixtures.corepurity.core.application;

import io.genport.archfixtures.corepurity.spi.PluginFactory;

/** Invalid: core depends on the spi (the spi depends on core, never the reverse). */
public final class ApplicationUsingSpi {
  public PluginFactory factory;
}
