package io.genport.archfixtures.guiceplacement.simulators;

/** Valid: no Guice. */
public final class CleanSimulator {}
