package io.genport.spi;

import io.genport.core.port.ImageProvider;

/**
 * The entry point of a provider plugin, discovered with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations MUST have a public no-argument constructor that does no work (no I/O, no
 * threads, no catalog parsing): the host instantiates every factory on the class path just to read
 * its {@link #name()}. Expensive work belongs in {@link #create}. Implementations MUST be
 * thread-safe.
 *
 * @since 1
 */
public interface ProviderFactory {

  /**
   * The provider's stable name: lower-case, used as the prefix of targets ({@code fal} in {@code
   * fal:fal-ai/flux/dev}), in configuration keys and on the command line. Never changes between
   * releases.
   */
  String name();

  /**
   * The SPI version the plugin was compiled against. Implement it as {@code return
   * Spi.SPI_VERSION;} so the compiler records the value.
   */
  int requiredSpiVersion();

  /**
   * Creates a provider. Called once per host configuration; the instance is shared by all requests.
   *
   * @param config the provider's configuration (base URLs, options); never null
   * @param context host services: transport, clock, sleeper, credentials, JSON; never null
   * @return a thread-safe provider
   * @throws io.genport.core.domain.InvalidRequestException when the configuration is invalid; the
   *     message names the key
   */
  ImageProvider create(ProviderConfig config, ProviderContext context);

  /** A one-line human description, e.g. {@code fal.ai queue and sync APIs}. */
  default String description() {
    return name();
  }
}
