package io.genport.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.spi.LoadedProviders;
import io.genport.spi.ProviderFactory;
import io.genport.spi.ProviderLoader;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A factory whose catalog resource is missing fails when it loads, naming the path. */
class CatalogResourceTest {

  /** Names a catalog that is not packaged. */
  public static final class MissingCatalogFactory extends CatalogProviderFactory {
    public MissingCatalogFactory() {
      super(
          new VendorIdentity(
              "acme", "Acme", "Acme images", CredentialScheme.none(), "acme-catalog.json"));
    }

    @Override
    protected JobProtocol protocol(ProviderSetup setup) {
      throw new UnsupportedOperationException("never reached: the catalog is missing");
    }
  }

  /** Overrides the identity methods instead of passing an identity. */
  public static final class OverridingFactory extends CatalogProviderFactory {
    @Override
    public String name() {
      return "acme-old";
    }

    @Override
    protected CredentialScheme credential() {
      return CredentialScheme.none();
    }

    @Override
    protected String catalogResource() {
      return "/io/genport/toolkit/no-such-catalog.json";
    }

    @Override
    protected JobProtocol protocol(ProviderSetup setup) {
      throw new UnsupportedOperationException("never reached: the catalog is missing");
    }
  }

  @Test
  void aMissingCatalogFailsAtConstructionNamingTheResolvedPath() {
    IllegalStateException e = assertThrows(IllegalStateException.class, MissingCatalogFactory::new);
    assertTrue(
        e.getMessage().contains("'acme-catalog.json' not found")
            && e.getMessage().contains("/io/genport/toolkit/acme-catalog.json"),
        e.getMessage());
  }

  @Test
  void anOverriddenCatalogIsCheckedWhenTheLoaderAsksForTheSpiVersion() {
    OverridingFactory f = new OverridingFactory();
    IllegalStateException e = assertThrows(IllegalStateException.class, f::requiredSpiVersion);
    assertTrue(e.getMessage().contains("/io/genport/toolkit/no-such-catalog.json"), e.getMessage());
  }

  @Test
  void theLoaderReportsAndSkipsAFactoryWithoutItsCatalog() {
    ClassLoader services =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals("META-INF/services/" + ProviderFactory.class.getName())) {
              return Collections.enumeration(
                  List.of(
                      new URL(
                          null,
                          "genport-test:services",
                          new java.net.URLStreamHandler() {
                            @Override
                            protected java.net.URLConnection openConnection(URL u) {
                              return new java.net.URLConnection(u) {
                                @Override
                                public void connect() {}

                                @Override
                                public java.io.InputStream getInputStream() {
                                  return new java.io.ByteArrayInputStream(
                                      (OverridingFactory.class.getName()
                                              + "\n"
                                              + MissingCatalogFactory.class.getName()
                                              + "\n")
                                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                                }
                              };
                            }
                          })));
            }
            return super.getResources(name);
          }
        };
    LoadedProviders loaded = ProviderLoader.load(services, Map.of());
    assertTrue(loaded.factories().isEmpty(), loaded.factories().toString());
    assertEquals(2, loaded.problems().size(), loaded.problems().toString());
    assertTrue(
        loaded.problems().stream().anyMatch(p -> p.contains("no-such-catalog.json")),
        loaded.problems().toString());
    assertTrue(
        loaded.problems().stream()
            .anyMatch(p -> p.contains("/io/genport/toolkit/acme-catalog.json")),
        loaded.problems().toString());
  }
}
