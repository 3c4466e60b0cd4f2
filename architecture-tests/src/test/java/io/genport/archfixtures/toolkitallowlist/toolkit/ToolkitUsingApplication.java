package io.genport.archfixtures.toolkitallowlist.toolkit;

import io.genport.archfixtures.toolkitallowlist.core.application.Router;

/** Invalid: the toolkit reaches into the application services. */
public final class ToolkitUsingApplication {
  public Router router;
}
