package io.genport.archfixtures.providerisolation.provider.alpha;

import io.genport.archfixtures.providerisolation.provider.beta.internal.BetaSigner;

/** Invalid: provider alpha borrows provider beta's code. */
public final class AlphaProvider {
  public String sign(String body) {
    return new BetaSigner().sign(body);
  }
}
