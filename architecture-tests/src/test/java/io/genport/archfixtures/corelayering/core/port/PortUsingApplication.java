package io.genport.archfixtures.corelayering.core.port;

import io.genport.archfixtures.corelayering.core.application.Router;

/** Invalid (port rule): a port knows an application service. */
public interface PortUsingApplication {
  Router router();
}
