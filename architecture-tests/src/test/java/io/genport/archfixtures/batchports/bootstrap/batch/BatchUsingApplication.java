package io.genport.archfixtures.batchports.bootstrap.batch;

import io.genport.archfixtures.batchports.core.application.Router;

/** Invalid: the engine builds on a concrete router instead of the port. */
public final class BatchUsingApplication {
  public Router router;
}
