package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.spi.download.ImageProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing paid for is lost: the output folder is checked before anything is sent, and images that
 * cannot be written where asked after all are saved in a fallback folder (exit status 3).
 */
class OutputCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static CliRun generate(CountingLauncher launcher, String out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("generate", "--target", "fal:flux-2", "--out", out, "--json"));
    args.addAll(List.of(more));
    args.add("a fox");
    return launcher.run(args.toArray(String[]::new));
  }

  @Test
  void anOutputThatIsARegularFileIsRefusedBeforeAnythingIsSent() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "not a folder");
    CountingLauncher launcher = CountingLauncher.offline();

    CliRun r = generate(launcher, file.toString());

    assertEquals(2, r.status(), r.err());
    assertEquals(
        List.of("genport: out: '" + file + "' is a file, not a directory"),
        r.err().lines().toList());
    assertEquals(List.of(), launcher.sent, "the simulator received no request");
  }

  @Test
  void anOutputUnderARegularFileIsRefusedBeforeAnythingIsSent() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "not a folder");
    CountingLauncher launcher = CountingLauncher.offline();

    CliRun r = generate(launcher, file.resolve("sub").toString());

    assertEquals(2, r.status(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                "genport: out: '" + file.resolve("sub") + "' cannot be created: '" + file + "'"),
        r.err());
    assertEquals(List.of(), launcher.sent, "the simulator received no request");
  }

  /**
   * A folder nothing can be written in. Permission bits stop only other users (the tests may run as
   * root), so as root the folder is made immutable ({@code chattr +i}, which binds root too); where
   * that is not possible, {@code /proc/self}, a directory no one can create files in, is used. The
   * check writes a probe, so each of these is refused for the reason writing would fail.
   */
  @Test
  void aFolderThatCannotBeWrittenIsRefusedBeforeAnythingIsSent() throws Exception {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    AtomicBoolean immutable = new AtomicBoolean();
    Path out = lock(locked, immutable);
    try {
      CountingLauncher launcher = CountingLauncher.offline();

      CliRun r = generate(launcher, out.toString());

      assertEquals(2, r.status(), r.err());
      assertTrue(r.err().startsWith("genport: out: '" + out + "' is not writable: "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertEquals(List.of(), launcher.sent, "the simulator received no request");
    } finally {
      if (immutable.get()) {
        chattr("-i", locked);
      }
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static Path lock(Path folder, AtomicBoolean immutable) throws Exception {
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-x------"));
    if (!Files.isWritable(folder)) {
      return folder; // not root: the permission bits do it
    }
    if (chattr("+i", folder)) {
      immutable.set(true);
      return folder;
    }
    Path proc = Path.of("/proc/self");
    assertTrue(Files.isDirectory(proc), "no way to make an unwritable folder on this system");
    return proc;
  }

  private static boolean chattr(String flag, Path folder) {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void imagesThatCannotBeWrittenAfterAllGoToAFallbackFolderWithStatusThree() throws Exception {
    Path out = dir.resolve("out");
    CountingLauncher launcher = CountingLauncher.offline();
    // Passes the check, then becomes a file while the job runs: as if the folder was removed
    // and its name taken during a long generation.
    launcher.onSend =
        request -> {
          try {
            if (!Files.exists(out)) {
              Files.writeString(out, "taken");
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };

    CliRun r = generate(launcher, out.toString(), "--count", "2", "--seed", "3");

    assertEquals(3, r.status(), r.err());
    JsonNode s = JSON.readTree(r.out());
    Path fallback = Path.of(s.path("savedIn").asText());
    try {
      assertTrue(
          s.path("outError").asText().startsWith("could not write to '" + out + "'"), r.out());
      assertTrue(r.err().contains("the images were saved in " + fallback + " instead"), r.err());
      assertEquals(2, s.path("images").size());
      for (JsonNode img : s.path("images")) {
        Path p = Path.of(img.path("path").asText());
        assertEquals(fallback, p.getParent());
        assertEquals(img.path("mediaType").asText(), ImageProbe.mediaType(Files.readAllBytes(p)));
      }
      assertEquals("taken", Files.readString(out), "the file in the way is left alone");
    } finally {
      try (Stream<Path> files = Files.list(fallback)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(fallback);
    }
  }
}
