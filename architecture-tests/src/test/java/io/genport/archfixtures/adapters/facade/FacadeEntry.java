package io.genport.archfixtures.adapters.facade;

import io.genport.archfixtures.adapters.core.port.FleetPort;
import java.util.Iterator;
import java.util.ServiceLoader;

// Valid: finds the adapter at run time through ServiceLoader, never by name.
public final class FacadeEntry {
  public static FleetPort open() {
    Iterator<FleetPort> found = ServiceLoader.load(FleetPort.class).iterator();
    return found.hasNext() ? found.next() : unit -> 0;
  }
}
