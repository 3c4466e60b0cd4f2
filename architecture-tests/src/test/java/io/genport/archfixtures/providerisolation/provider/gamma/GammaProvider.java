package io.genport.archfixtures.providerisolation.provider.gamma;

import io.genport.archfixtures.providerisolation.spi.ProviderFactory;

/** Valid: a provider that uses the spi only. */
public final class GammaProvider implements ProviderFactory {}
