package io.genport.spi;

/** Version information of the plugin contract. */
public final class Spi {
  /**
   * The version of this SPI. A factory returns the value it was compiled against from {@link
   * ProviderFactory#requiredSpiVersion()}; because this is a compile-time constant, the compiler
   * inlines it into the plugin, recording exactly that version. The loader refuses factories that
   * require a newer version than the host's.
   *
   * @since 1
   */
  public static final int SPI_VERSION = 1;

  private Spi() {}
}
