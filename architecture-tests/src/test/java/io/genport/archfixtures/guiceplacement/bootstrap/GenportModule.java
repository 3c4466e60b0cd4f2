package io.genport.archfixtures.guiceplacement.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** Valid: Guice in bootstrap. */
public final class GenportModule extends AbstractModule {
  @Provides
  String name() {
    return "genport";
  }
}
