package io.genport.spitck.seed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the seed documents for tests. The seeds are not part of the repository; they sit in a
 * {@code shared/seeds} directory next to it.
 *
 * <p>Where a seed file is looked for, first match wins:
 *
 * <ol>
 *   <li>an explicit file: the system property {@code genport.seed.<key>} or the environment
 *       variable {@code GENPORT_SEED_<KEY>} (for seed 000: {@code genport.seed.000} / {@code
 *       GENPORT_SEED_000});
 *   <li>an explicit directory: the system property {@value #DIR_PROPERTY} or the environment
 *       variable {@value #DIR_ENV};
 *   <li>{@code ../shared/seeds/<file>} relative to the repository root, the nearest directory above
 *       the working directory that contains {@code .ci};
 *   <li>{@code shared/seeds/<file>} in a directory further up (a git worktree below the checkout
 *       that holds {@code shared/}).
 * </ol>
 *
 * <p>{@link #require} makes a missing seed a test failure when the environment variable {@code CI}
 * is set (to anything but {@code false}) or when the location was given explicitly, and a skipped
 * test otherwise, so that a developer without the seeds can still build.
 *
 * @since 1
 */
public final class SeedFiles {
  /** The Each Labs model reference: 62 text-to-image models. */
  public static final String SEED_000 = "000_f1a03a70191845e5.txt";

  /** System property naming the directory that holds the seed files. */
  public static final String DIR_PROPERTY = "genport.seeds.dir";

  /** Environment variable naming the directory that holds the seed files. */
  public static final String DIR_ENV = "GENPORT_SEEDS_DIR";

  private SeedFiles() {}

  /**
   * Where a seed file was looked for and what was found.
   *
   * @param file the seed file, when it exists
   * @param explicit whether the location came from a property or environment variable
   * @param tried every path looked at, in order
   */
  public record Lookup(Optional<Path> file, boolean explicit, List<Path> tried) {
    public Lookup {
      tried = List.copyOf(tried);
    }
  }

  /** Looks for {@code fileName}; see the class documentation for the order. */
  public static Lookup locate(String fileName) {
    return locate(
        fileName, System::getProperty, System::getenv, Paths.get("").toAbsolutePath().normalize());
  }

  /** The seed file, or a failed (under CI) or skipped (locally) test when it is missing. */
  public static Path require(String fileName) {
    return require(
        fileName, System::getProperty, System::getenv, Paths.get("").toAbsolutePath().normalize());
  }

  /** The Each Labs seed document (000), read. Fails or skips like {@link #require}. */
  public static SeedModelTables seed000() {
    return SeedModelTables.read(require(SEED_000));
  }

  static Lookup locate(
      String fileName,
      UnaryOperator<String> properties,
      UnaryOperator<String> environment,
      Path workingDir) {
    List<Path> tried = new ArrayList<>();
    String key = key(fileName);
    String file = firstSet(properties.apply("genport.seed." + key));
    if (file == null) {
      file = firstSet(environment.apply("GENPORT_SEED_" + key.toUpperCase(Locale.ROOT)));
    }
    if (file != null) {
      Path p = Paths.get(file).toAbsolutePath().normalize();
      tried.add(p);
      return new Lookup(Files.isRegularFile(p) ? Optional.of(p) : Optional.empty(), true, tried);
    }
    String dir = firstSet(properties.apply(DIR_PROPERTY));
    if (dir == null) {
      dir = firstSet(environment.apply(DIR_ENV));
    }
    if (dir != null) {
      Path p = Paths.get(dir).resolve(fileName).toAbsolutePath().normalize();
      tried.add(p);
      return new Lookup(Files.isRegularFile(p) ? Optional.of(p) : Optional.empty(), true, tried);
    }
    Path root = repositoryRoot(workingDir);
    Path start = root == null ? workingDir : root;
    Path candidate = start.resolve("../shared/seeds").resolve(fileName).normalize();
    tried.add(candidate);
    if (Files.isRegularFile(candidate)) {
      return new Lookup(Optional.of(candidate), false, tried);
    }
    Path parent = start.getParent();
    for (Path up = parent == null ? null : parent.getParent(); up != null; up = up.getParent()) {
      Path c = up.resolve("shared/seeds").resolve(fileName).normalize();
      tried.add(c);
      if (Files.isRegularFile(c)) {
        return new Lookup(Optional.of(c), false, tried);
      }
    }
    return new Lookup(Optional.empty(), false, tried);
  }

  static Path require(
      String fileName,
      UnaryOperator<String> properties,
      UnaryOperator<String> environment,
      Path workingDir) {
    Lookup lookup = locate(fileName, properties, environment, workingDir);
    if (lookup.file().isPresent()) {
      return lookup.file().get();
    }
    String message =
        "seed file "
            + fileName
            + " not found; looked at "
            + lookup.tried()
            + ". Set -D"
            + DIR_PROPERTY
            + "=<dir> or "
            + DIR_ENV
            + ", or check out shared/seeds next to the repository.";
    if (lookup.explicit() || isCi(environment)) {
      return Assertions.fail(message);
    }
    Assumptions.abort(message + " Skipped because CI is not set.");
    throw new AssertionError("unreachable");
  }

  /** The repository root: the nearest directory at or above {@code dir} containing {@code .ci}. */
  static Path repositoryRoot(Path dir) {
    for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".ci"))) {
        return d;
      }
    }
    return null;
  }

  static boolean isCi(UnaryOperator<String> environment) {
    String ci = environment.apply("CI");
    return ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false");
  }

  /** {@code 000_f1a03a70191845e5.txt} is keyed {@code 000}; other names by their stem. */
  private static String key(String fileName) {
    int underscore = fileName.indexOf('_');
    if (underscore > 0) {
      return fileName.substring(0, underscore);
    }
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private static String firstSet(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
