package io.genport.archfixtures.compliant.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Simulator: JDK and jackson. */
public final class AlphaSimulator {
  public final ObjectMapper mapper = new ObjectMapper();
}
