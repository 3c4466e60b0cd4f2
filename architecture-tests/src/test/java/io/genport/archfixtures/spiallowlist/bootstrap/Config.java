package io.genport.archfixtures.spiallowlist.bootstrap;

/** Target of {@code SpiUsingBootstrap}. */
public final class Config {}
