package io.genport.archfixtures.toolkitallowlist.toolkit;

import io.genport.archfixtures.toolkitallowlist.provider.alpha.AlphaProvider;

/** Invalid: the shared toolkit knows one concrete provider. */
public final class ToolkitUsingProvider {
  public AlphaProvider provider;
}
