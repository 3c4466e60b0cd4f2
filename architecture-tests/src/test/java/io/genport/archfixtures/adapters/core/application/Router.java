package io.genport.archfixtures.adapters.core.application;

import io.genport.archfixtures.adapters.core.port.FleetPort;

/** Application service the metrics adapter observes. */
public final class Router {
  private final FleetPort fleet;

  public Router(FleetPort fleet) {
    this.fleet = fleet;
  }

  public long spentUsd() {
    return fleet.spent("USD");
  }
}
