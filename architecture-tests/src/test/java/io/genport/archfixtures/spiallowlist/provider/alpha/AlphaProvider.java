package io.genport.archfixtures.spiallowlist.provider.alpha;

/** Target of {@code SpiUsingProvider}. */
public final class AlphaProvider {}
