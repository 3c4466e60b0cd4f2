package io.genport.archfixtures.batchports.bootstrap.batch;

import io.genport.archfixtures.batchports.bootstrap.cli.Command;

/** Invalid: the engine reaches into the command line. */
public final class BatchUsingCli {
  public Command command;
}
