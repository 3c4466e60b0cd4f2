package io.genport.archfixtures.spiallowlist.core.domain;

/** Target of {@code CleanSpi}. */
public record Request(String prompt) {}
