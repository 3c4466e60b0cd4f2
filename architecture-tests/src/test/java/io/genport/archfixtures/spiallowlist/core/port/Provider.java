package io.genport.archfixtures.spiallowlist.core.port;

/** Target of {@code CleanSpi}. */
public interface Provider {}
