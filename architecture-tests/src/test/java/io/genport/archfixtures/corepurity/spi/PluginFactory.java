package io.genport.archfixtures.corepurity.spi;

/** Target of {@code ApplicationUsingSpi}; not judged by the core rule. */
public interface PluginFactory {}
