package io.genport.archfixtures.providerforbidden.provider.beta;

import com.google.inject.AbstractModule;

/** Invalid: a provider ships a Guice module. */
public final class BetaUsingGuice extends AbstractModule {}
