package io.genport.archfixtures.adapters.spark;

import io.genport.archfixtures.adapters.bootstrap.Cli;

// Valid: an optional host may build on the command line's wiring.
public final class SparkJob {
  public static String describe() {
    return "batch on " + Cli.name();
  }
}
