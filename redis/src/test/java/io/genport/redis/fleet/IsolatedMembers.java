package io.genport.redis.fleet;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Starts {@link FleetMember}s each in its own class loader over the test class path, its parent the
 * platform loader: no GenPort, Lettuce or Netty class (or static) is shared between members, as
 * between separate JVMs.
 */
final class IsolatedMembers implements AutoCloseable {
  private final List<BiFunction<String, Object, Object>> members = new ArrayList<>();
  private final List<URLClassLoader> loaders = new ArrayList<>();

  @SuppressWarnings("unchecked")
  BiFunction<String, Object, Object> start(Map<String, String> config) throws Exception {
    URLClassLoader loader =
        new URLClassLoader(
            "fleet-member-" + loaders.size(), classPath(), ClassLoader.getPlatformClassLoader());
    loaders.add(loader);
    Class<?> type = loader.loadClass(FleetMember.class.getName());
    if (type == FleetMember.class) {
      throw new IllegalStateException("the member was not isolated");
    }
    // Lettuce and Netty load some classes through the thread's context class loader: it must be the
    // member's own, or they would mix the test's copies with the member's.
    BiFunction<String, Object, Object> m =
        (BiFunction<String, Object, Object>)
            inLoader(loader, () -> type.getConstructor(Map.class).newInstance(config));
    BiFunction<String, Object, Object> isolated =
        (command, argument) -> inLoader(loader, () -> m.apply(command, argument));
    members.add(isolated);
    return isolated;
  }

  private interface Action {
    Object run() throws Exception;
  }

  private static Object inLoader(ClassLoader loader, Action action) {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return action.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      t.setContextClassLoader(before);
    }
  }

  private static URL[] classPath() throws MalformedURLException {
    // Surefire runs tests from a manifest-only jar; it publishes the real class path here.
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }

  @Override
  public void close() throws Exception {
    for (BiFunction<String, Object, Object> m : members) {
      m.apply("close", null);
    }
    for (URLClassLoader l : loaders) {
      l.close();
    }
  }
}
