package io.genport.archfixtures.toolkitallowlist.core.port;

/** Target of {@code CleanToolkit}. */
public interface Provider {}
