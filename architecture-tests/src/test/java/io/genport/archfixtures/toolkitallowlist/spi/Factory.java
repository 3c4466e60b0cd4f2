package io.genport.archfixtures.toolkitallowlist.spi;

/** Target of {@code CleanToolkit}. */
public interface Factory {}
