package io.genport.archfixtures.providerisolation.spi;

/** Target of {@code GammaProvider}. */
public interface ProviderFactory {}
