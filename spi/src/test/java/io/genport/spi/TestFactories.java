package io.genport.spi;

import io.genport.core.port.ImageProvider;

/**
 * Provider factories for {@link ProviderLoaderTest}. They are registered only in services files
 * that each test writes into its own directory, never globally.
 */
public final class TestFactories {
  private TestFactories() {}

  /** A well-behaved factory; subclasses choose the name. */
  public abstract static class Base implements ProviderFactory {
    @Override
    public int requiredSpiVersion() {
      return Spi.SPI_VERSION;
    }

    @Override
    public ImageProvider create(ProviderConfig config, ProviderContext context) {
      throw new UnsupportedOperationException("test factory");
    }
  }

  public static final class Alpha extends Base {
    @Override
    public String name() {
      return "alpha";
    }
  }

  /** A second factory that also calls itself {@code alpha}. */
  public static final class AlphaFork extends Base {
    @Override
    public String name() {
      return "alpha";
    }
  }

  public static final class Beta extends Base {
    @Override
    public String name() {
      return "beta";
    }
  }

  public static final class Gamma extends Base {
    @Override
    public String name() {
      return "gamma.v2-x_y";
    }
  }

  public static final class ConstructorThrows extends Base {
    public ConstructorThrows() {
      throw new IllegalStateException("constructor exploded");
    }

    @Override
    public String name() {
      return "never";
    }
  }

  public static final class StaticInitializerThrows extends Base {
    static final int VALUE = fail();

    private static int fail() {
      throw new IllegalStateException("static initializer exploded");
    }

    @Override
    public String name() {
      return "never";
    }
  }

  public static final class NoPublicConstructor extends Base {
    private NoPublicConstructor() {}

    @Override
    public String name() {
      return "never";
    }
  }

  /** Listed as a factory, but is not one. */
  public static final class NotAFactory {
    public NotAFactory() {}
  }

  public static final class NameThrows extends Base {
    @Override
    public String name() {
      throw new IllegalStateException("name exploded");
    }
  }

  public static final class VersionThrows extends Base {
    @Override
    public String name() {
      return "versionless";
    }

    @Override
    public int requiredSpiVersion() {
      throw new IllegalStateException("version exploded");
    }
  }

  public static final class UpperCaseName extends Base {
    @Override
    public String name() {
      return "Upper";
    }
  }

  public static final class NameWithColon extends Base {
    @Override
    public String name() {
      return "fal:queue";
    }
  }

  public static final class NullName extends Base {
    @Override
    public String name() {
      return null;
    }
  }

  public static final class BlankName extends Base {
    @Override
    public String name() {
      return "";
    }
  }

  /** Declares a credential and a required configuration key, as a real plugin would. */
  public static final class Declaring extends Base {
    @Override
    public String name() {
      return "declaring";
    }

    @Override
    public java.util.Set<String> credentialNames() {
      return java.util.Set.of("DECLARING_API_KEY");
    }

    @Override
    public java.util.Set<String> requiredConfigKeys() {
      return java.util.Set.of("base-url");
    }
  }

  public static final class CredentialNamesThrow extends Base {
    @Override
    public String name() {
      return "credentialless";
    }

    @Override
    public java.util.Set<String> credentialNames() {
      throw new IllegalStateException("credentials exploded");
    }
  }

  public static final class NullCredentialNames extends Base {
    @Override
    public String name() {
      return "nullcredentials";
    }

    @Override
    public java.util.Set<String> credentialNames() {
      return null;
    }
  }

  public static final class BlankRequiredKey extends Base {
    @Override
    public String name() {
      return "blankkey";
    }

    @Override
    public java.util.Set<String> requiredConfigKeys() {
      return java.util.Set.of("base-url", " ");
    }
  }

  /** Compiled against a future SPI. */
  public static final class FutureSpi extends Base {
    @Override
    public String name() {
      return "future";
    }

    @Override
    public int requiredSpiVersion() {
      return Spi.SPI_VERSION + 1;
    }
  }

  /** Declares an SPI version that never existed. */
  public static final class ZeroSpi extends Base {
    @Override
    public String name() {
      return "zero";
    }

    @Override
    public int requiredSpiVersion() {
      return 0;
    }
  }
}
