package io.genport.archfixtures.adapters.bootstrap;

import io.genport.archfixtures.adapters.spark.SparkJob;

// Invalid: nothing depends on the optional Spark host.
public final class BootstrapUsingSpark {
  public String job() {
    return SparkJob.describe();
  }
}
