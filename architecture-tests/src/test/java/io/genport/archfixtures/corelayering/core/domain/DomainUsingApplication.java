package io.genport.archfixtures.corelayering.core.domain;

import io.genport.archfixtures.corelayering.core.application.Router;

/** Invalid (domain rule): the domain knows an application service. */
public final class DomainUsingApplication {
  public Router router;
}
