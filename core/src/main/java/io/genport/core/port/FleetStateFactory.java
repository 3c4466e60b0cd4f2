package io.genport.core.port;

import java.util.Set;

/**
 * Opens a shared {@link FleetState} from a URL, so that a host (the library facade, the CLI) can
 * honour a configured URL without a compile-time dependency on the module that implements it.
 * Modules register one with {@link java.util.ServiceLoader} under {@code
 * META-INF/services/io.genport.core.port.FleetStateFactory}; {@code genport-redis} registers the
 * one for {@code redis://} and {@code rediss://}.
 */
public interface FleetStateFactory {

  /** The URL schemes this factory opens, lower-case, e.g. {@code redis}. */
  Set<String> schemes();

  /**
   * Connects to the fleet state at {@code url}; the caller owns the result and closes it.
   *
   * @param url the URL, which may hold a password: never repeat it in messages
   * @param source where the URL was configured (a variable or a {@code genport.yaml} key), named in
   *     errors
   * @throws IllegalArgumentException naming {@code source} when the URL is malformed
   */
  FleetState open(String url, String source);
}
