package io.genport.archfixtures.corepurity.core.domain;

import com.google.inject.Injector;

/** Invalid: core reaches for Guice. */
public final class DomainUsingGuice {
  public Injector injector;
}
