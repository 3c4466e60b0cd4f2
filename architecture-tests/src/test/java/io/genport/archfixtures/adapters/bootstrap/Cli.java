package io.genport.archfixtures.adapters.bootstrap;

import io.genport.archfixtures.adapters.core.port.FleetPort;
import io.genport.archfixtures.adapters.facade.FacadeEntry;

// Valid: a host builds on the facade.
public final class Cli {
  // A method, not a constant: javac inlines constants, which would hide the dependency.
  public static String name() {
    return "genport";
  }

  public FleetPort fleet() {
    return FacadeEntry.open();
  }
}
