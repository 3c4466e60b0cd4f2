package io.genport.archfixtures.adapters.core.port;

/** Port the adapters implement. */
public interface FleetPort {
  long spent(String unit);
}
