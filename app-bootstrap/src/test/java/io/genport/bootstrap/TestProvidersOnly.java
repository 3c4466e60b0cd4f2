package io.genport.bootstrap;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that shows provider discovery only the service file of this module's tests, so
 * wiring and command-line tests see exactly the test provider, whatever provider jars the build
 * puts on the class path.
 */
public final class TestProvidersOnly extends ClassLoader {
  private static final String SERVICES = "META-INF/services/io.genport.spi.ProviderFactory";

  public TestProvidersOnly(ClassLoader parent) {
    super(parent);
  }

  /** The loader to pass to {@link BootstrapSettings} in tests. */
  public static ClassLoader loader() {
    return new TestProvidersOnly(TestProvidersOnly.class.getClassLoader());
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Enumeration<URL> all = super.getResources(name);
    if (!name.equals(SERVICES)) {
      return all;
    }
    List<URL> ours =
        Collections.list(all).stream().filter(u -> u.getPath().contains("/test-classes/")).toList();
    return Collections.enumeration(ours);
  }
}
