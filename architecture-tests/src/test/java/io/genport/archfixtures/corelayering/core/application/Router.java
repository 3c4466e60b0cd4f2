package io.genport.archfixtures.corelayering.core.application;

import io.genport.archfixtures.corelayering.core.domain.PureValue;
import io.genport.archfixtures.corelayering.core.port.PortUsingDomain;

/** The application may use ports and the domain; target of the invalid classes. */
public final class Router {
  public PureValue route(PortUsingDomain port, PureValue request) {
    return port.generate(request);
  }
}
