package io.genport.archfixtures.spiisolation.core.domain;

/** Target of {@code CleanSpi}. */
public record Request(String prompt) {}
