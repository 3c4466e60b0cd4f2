package io.genport.archfixtures.guiceplacement.simulators;

import com.google.inject.AbstractModule;

/**
 * Invalid: Guice outside bootstrap, in a module that no other rule judges (so only this rule can
 * catch it).
 */
public final class SimulatorModule extends AbstractModule {}
