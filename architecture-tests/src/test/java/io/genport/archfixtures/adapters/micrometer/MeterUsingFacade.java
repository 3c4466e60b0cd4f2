package io.genport.archfixtures.adapters.micrometer;

import io.genport.archfixtures.adapters.facade.FacadeEntry;

// Invalid: the metrics adapter must not depend on the facade.
public final class MeterUsingFacade {
  public Object port() {
    return FacadeEntry.open();
  }
}
