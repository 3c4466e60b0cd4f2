package io.genport.archfixtures.providerisolation.provider.beta.internal;

/** Target of {@code AlphaProvider}. */
public final class BetaSigner {
  public String sign(String body) {
    return body;
  }
}
