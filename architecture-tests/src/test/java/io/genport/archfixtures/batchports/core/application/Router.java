package io.genport.archfixtures.batchports.core.application;

/** Target of {@code BatchUsingApplication}. */
public final class Router {}
