package io.genport.spitck.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SeedFilesTest {
  static final String FILE = SeedFiles.SEED_000;
  static final UnaryOperator<String> NONE = k -> null;

  static UnaryOperator<String> map(Map<String, String> m) {
    return m::get;
  }

  @Test
  void findsTheSeedNextToTheRepositoryRoot(@TempDir Path tmp) throws IOException {
    Path repo = Files.createDirectories(tmp.resolve("repo/.ci")).getParent();
    Path module = Files.createDirectories(repo.resolve("spi-tck"));
    Path seed = Files.createDirectories(tmp.resolve("shared/seeds")).resolve(FILE);
    Files.writeString(seed, "x");

    SeedFiles.Lookup l = SeedFiles.locate(FILE, NONE, NONE, module);
    assertEquals(seed, l.file().orElseThrow());
    assertFalse(l.explicit());
    assertEquals(repo, SeedFiles.repositoryRoot(module));
  }

  @Test
  void findsTheSeedAboveAWorktree(@TempDir Path tmp) throws IOException {
    Path repo = Files.createDirectories(tmp.resolve("wt/branch/.ci")).getParent();
    Path seed = Files.createDirectories(tmp.resolve("shared/seeds")).resolve(FILE);
    Files.writeString(seed, "x");
    assertEquals(seed, SeedFiles.locate(FILE, NONE, NONE, repo).file().orElseThrow());
  }

  @Test
  void explicitLocationsWin(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("elsewhere"));
    Path seed = Files.writeString(dir.resolve(FILE), "x");
    SeedFiles.Lookup byDir =
        SeedFiles.locate(FILE, map(Map.of(SeedFiles.DIR_PROPERTY, dir.toString())), NONE, tmp);
    assertEquals(seed, byDir.file().orElseThrow());
    assertTrue(byDir.explicit());

    SeedFiles.Lookup byEnv =
        SeedFiles.locate(FILE, NONE, map(Map.of("GENPORT_SEED_000", seed.toString())), tmp);
    assertEquals(seed, byEnv.file().orElseThrow());

    SeedFiles.Lookup byProperty =
        SeedFiles.locate(FILE, map(Map.of("genport.seed.000", seed.toString())), NONE, tmp);
    assertEquals(seed, byProperty.file().orElseThrow());
  }

  @Test
  void aMissingSeedFailsUnderCiAndIsSkippedLocally(@TempDir Path tmp) {
    assertThrows(
        AssertionFailedError.class,
        () -> SeedFiles.require(FILE, NONE, map(Map.of("CI", "true")), tmp));
    assertThrows(TestAbortedException.class, () -> SeedFiles.require(FILE, NONE, NONE, tmp));
    assertThrows(
        TestAbortedException.class,
        () -> SeedFiles.require(FILE, NONE, map(Map.of("CI", "false")), tmp));
    assertThrows(
        AssertionFailedError.class,
        () ->
            SeedFiles.require(
                FILE,
                map(Map.of(SeedFiles.DIR_PROPERTY, tmp.resolve("nope").toString())),
                NONE,
                tmp),
        "an explicit location that does not exist is always an error");
  }
}
