package io.genport.archfixtures.modulemap.provider;

/** Invalid: directly in the provider package instead of a vendor package. */
public final class LooseProviderHelper {}
