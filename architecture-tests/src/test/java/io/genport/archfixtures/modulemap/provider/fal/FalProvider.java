package io.genport.archfixtures.modulemap.provider.fal;

/** Valid: a vendor package under provider. */
public final class FalProvider {}
