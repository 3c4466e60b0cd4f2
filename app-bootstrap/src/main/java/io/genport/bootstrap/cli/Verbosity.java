package io.genport.bootstrap.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} option of every command; mix it in with {@code @Mixin}. */
public final class Verbosity {
  @Option(
      names = "--verbose",
      description = "Also print what is set up: the providers found on the class path.")
  boolean verbose;
}
