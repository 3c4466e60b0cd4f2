package io.genport.archfixtures.corelayering.core.port;

/** Target of {@code DomainUsingPort}; not judged by the port rule. */
public interface ImageGeneration {}
