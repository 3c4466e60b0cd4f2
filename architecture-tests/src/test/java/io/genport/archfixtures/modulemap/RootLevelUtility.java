package io.genport.archfixtures.modulemap;

/** Invalid: directly under the root, in no module. */
public final class RootLevelUtility {}
