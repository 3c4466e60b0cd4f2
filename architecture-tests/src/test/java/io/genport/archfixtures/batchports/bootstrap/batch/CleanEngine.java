package io.genport.archfixtures.batchports.bootstrap.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.archfixtures.batchports.core.port.Generation;

/** Valid: the JDK, Jackson and core's port. */
public final class CleanEngine {
  public String run(Generation generation) throws Exception {
    return new ObjectMapper().writeValueAsString(generation.submit("a fox"));
  }
}
