package io.genport.archfixtures.toolkitallowlist.provider.alpha;

/** Target of {@code ToolkitUsingProvider}. */
public final class AlphaProvider {}
