package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The folder of provider plugin jars that the command line loads next to its own providers: the
 * {@code --plugins DIR} option, else the {@value #VARIABLE} environment variable, else {@code
 * ~/.genport/plugins}.
 *
 * <p>Every {@code *.jar} directly in the folder is opened once here; a file that is not a readable
 * jar is reported and left out, since a class loader would silently ignore it. The jars are read by
 * one {@link URLClassLoader} whose parent is the application's loader (parent first, so a plugin
 * shares GenPort's SPI, toolkit and simulator classes rather than bringing its own copies), and
 * {@link java.util.ServiceLoader} finds their {@code META-INF/services} entries through it: a
 * plugin's provider factories and vendor simulators are then discovered, and a broken one reported
 * and skipped, exactly as on the class path.
 *
 * @param folder the folder, or {@code null} when none is configured
 * @param source where the folder came from ({@code --plugins}, {@value #VARIABLE}, or the default),
 *     for messages
 * @param jars the readable jars, sorted by file name
 * @param problems one line per jar left out, or about a configured folder that is not one
 */
public record PluginFolder(Path folder, String source, List<Path> jars, List<String> problems) {
  /** The environment variable naming the plugins folder. */
  public static final String VARIABLE = "GENPORT_PLUGINS";

  /** The command-line option naming the plugins folder. */
  public static final String OPTION = "--plugins";

  public PluginFolder {
    requireNonNull(source, "source is null");
    jars = List.copyOf(jars);
    problems = List.copyOf(problems);
  }

  /** No plugins folder. */
  public static PluginFolder none() {
    return new PluginFolder(null, "none", List.of(), List.of());
  }

  /** {@code ~/.genport/plugins} under {@code home}. */
  public static Path defaultFolder(Path home) {
    return home.resolve(".genport").resolve("plugins");
  }

  /**
   * The folder chosen by {@code option} (may be null), else by {@value #VARIABLE} in {@code
   * environment}, else {@code defaultFolder} (may be null), and its jars. A folder named by the
   * option or the variable that is not a directory is reported; a missing default folder is not.
   */
  public static PluginFolder resolve(
      Path option, Map<String, String> environment, Path defaultFolder) {
    requireNonNull(environment, "environment is null");
    if (option != null) {
      return scan(option, OPTION, true);
    }
    String variable = environment.get(VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return scan(Path.of(variable.strip()), VARIABLE, true);
    }
    if (defaultFolder != null) {
      return scan(defaultFolder, "default", false);
    }
    return none();
  }

  /**
   * The readable jars directly in {@code folder}.
   *
   * @param mustExist whether a missing folder is reported (it was asked for explicitly)
   */
  static PluginFolder scan(Path folder, String source, boolean mustExist) {
    List<String> problems = new ArrayList<>();
    List<Path> jars = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      if (mustExist) {
        problems.add(
            "plugins folder "
                + folder
                + " (from "
                + source
                + ") is not a directory; no plugins were loaded from it");
      }
      return new PluginFolder(folder, source, jars, problems);
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
      files.forEach(candidates::add);
    } catch (IOException e) {
      problems.add("plugins folder " + folder + " cannot be read (" + e + "); no plugins loaded");
      return new PluginFolder(folder, source, jars, problems);
    }
    candidates.sort(null);
    for (Path jar : candidates) {
      Optional<String> unreadable = unreadable(jar);
      if (unreadable.isPresent()) {
        problems.add(
            "plugin jar "
                + jar.getFileName()
                + " in "
                + folder
                + " was skipped: "
                + unreadable.get());
      } else {
        jars.add(jar);
      }
    }
    return new PluginFolder(folder, source, jars, problems);
  }

  /** Why {@code jar} cannot be read as a jar, or empty. */
  private static Optional<String> unreadable(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return Optional.of("not a regular file");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      file.getManifest(); // reads the central directory and the manifest, if any
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.of("not a readable jar (" + e.getMessage() + ")");
    }
  }

  /**
   * A class loader over the jars with {@code parent} first, or {@code parent} itself when there are
   * none. The loader is kept open for the life of the process: plugin classes load lazily.
   */
  public ClassLoader classLoader(ClassLoader parent) {
    requireNonNull(parent, "parent is null");
    if (jars.isEmpty()) {
      return parent;
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException("plugin jar path " + jars.get(i) + " is not a URL", e);
      }
    }
    return new URLClassLoader("genport-plugins", urls, parent);
  }
}
