package io.genport.archfixtures.batchports.bootstrap.cli;

/** Target of {@code BatchUsingCli}. */
public final class Command {}
