package io.genport.archfixtures.providerforbidden.provider.alpha;

import io.genport.archfixtures.providerforbidden.core.application.FailoverService;

/** Invalid: a provider drives the core's application services. */
public final class AlphaUsingApplication {
  public FailoverService failover;
}
