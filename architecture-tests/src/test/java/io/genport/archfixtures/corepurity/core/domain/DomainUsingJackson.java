package io.genport.archfixtures.corepurity.core.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Invalid: core reaches for jackson (only spi and providers may). */
public final class DomainUsingJackson {
  public ObjectMapper mapper;
}
