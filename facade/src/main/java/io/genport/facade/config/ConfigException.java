package io.genport.facade.config;

import io.genport.core.domain.InvalidRequestException;

/**
 * A problem in {@code genport.yaml}, naming the file and the YAML path of the offending value (such
 * as {@code routes.main[1].weight}). The command line reports it as invalid input (exit status 2).
 */
public final class ConfigException {
  private ConfigException() {}

  /** An {@link InvalidRequestException} whose field is {@code source path}. */
  static InvalidRequestException at(String source, String path, String problem) {
    return new InvalidRequestException(source + " " + (path.isEmpty() ? "(root)" : path), problem);
  }
}
