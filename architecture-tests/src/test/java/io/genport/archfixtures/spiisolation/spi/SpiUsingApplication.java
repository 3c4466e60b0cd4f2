package io.genport.archfixtures.spiisolation.spi;

import io.genport.archfixtures.spiisolation.core.application.RoutingService;

/** Invalid: the spi uses a core.application class. */
public final class SpiUsingApplication {
  public RoutingService routing;
}
