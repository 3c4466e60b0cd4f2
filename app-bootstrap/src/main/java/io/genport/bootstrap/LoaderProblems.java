package io.genport.bootstrap;

import java.util.List;

/**
 * The provider plugins that discovery reported and skipped, one line each, so that the command line
 * can show them.
 *
 * @param messages one line per skipped plugin; empty when all loaded
 */
public record LoaderProblems(List<String> messages) {
  public LoaderProblems {
    messages = List.copyOf(messages);
  }
}
