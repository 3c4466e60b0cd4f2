package io.genport.archfixtures.modulemap.providers.fal;

/** Invalid: "providers" instead of "provider", so every provider rule would miss it. */
public final class MisplacedProvider {}
