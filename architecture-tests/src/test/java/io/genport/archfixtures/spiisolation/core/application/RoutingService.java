package io.genport.archfixtures.spiisolation.core.application;

/** Target of {@code SpiUsingApplication}. */
public final class RoutingService {}
