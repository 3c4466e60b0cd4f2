package io.genport.archfixtures.corelayering.core.domain;

import io.genport.archfixtures.corelayering.core.port.ImageGeneration;

/** Invalid (domain rule): the domain knows a port. */
public final class DomainUsingPort {
  public ImageGeneration generation;
}
