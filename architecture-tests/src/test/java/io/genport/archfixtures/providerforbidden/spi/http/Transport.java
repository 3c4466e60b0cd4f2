package io.genport.archfixtures.providerforbidden.spi.http;

/** Target of {@code BetaClean}. */
public interface Transport {
  void post(String body);
}
