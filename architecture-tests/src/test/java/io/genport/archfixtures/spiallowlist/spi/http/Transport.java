package io.genport.archfixtures.spiallowlist.spi.http;

/** Target of {@code CleanSpi}. */
public interface Transport {}
