package io.genport.archfixtures.corelayering.core.port;

import io.genport.archfixtures.corelayering.core.domain.PureValue;

/** Valid (port rule): ports speak the domain. */
public interface PortUsingDomain {
  PureValue generate(PureValue request);
}
