package io.genport.archfixtures.toolkitallowlist.toolkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.archfixtures.toolkitallowlist.core.port.Provider;
import io.genport.archfixtures.toolkitallowlist.spi.Factory;
import org.slf4j.LoggerFactory;

/** Valid: JDK, slf4j, jackson, core.port and spi. */
public final class CleanToolkit {
  public Provider create(Factory factory) {
    LoggerFactory.getLogger(CleanToolkit.class)
        .debug("{}", new ObjectMapper().valueToTree(factory));
    return null;
  }
}
