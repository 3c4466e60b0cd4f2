package io.genport.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.spi.download.ImageProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider jar the archetype's integration test generated and built (it passed the contract kit
 * there) is dropped into a plugins folder and used by the {@code genport} command line, run as
 * {@code ./genport} runs it ({@code java -jar genport.jar}) in a child process with no vendor
 * credential: it is listed, and {@code generate} runs offline against the simulator the jar ships.
 */
class GeneratedProviderPluginTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Path required(String property) {
    String value = System.getProperty(property);
    assertTrue(value != null && !value.isBlank(), "system property " + property + " is set");
    Path path = Path.of(value);
    assertTrue(Files.isRegularFile(path), property + " exists: " + path);
    return path;
  }

  /** Runs {@code java -jar genport.jar args} with a clean environment and HOME in the temp dir. */
  private Result genport(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Duser.home=" + dir.resolve("home"));
    command.add("-jar");
    command.add(required("genport.jar").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.endsWith("_KEY") || k.endsWith("_TOKEN") || k.startsWith("AWS_"));
    env.keySet().removeIf(k -> k.startsWith("GENPORT_"));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("genport did not finish in 120 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Result(int status, String out, String err) {}

  @Test
  void generatedJarInThePluginsFolderGeneratesOfflineThroughItsOwnSimulator() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path jar = required("generated.jar");
    Files.copy(jar, plugins.resolve(jar.getFileName()));

    Result listed = genport("providers", "--plugins", plugins.toString());
    Result generated =
        genport(
            "--plugins",
            plugins.toString(),
            "generate",
            "--target",
            "acme:acme-image-1",
            "--size",
            "1000x700",
            "--count",
            "2",
            "--seed",
            "42",
            "--json",
            "--out",
            dir.resolve("out").toString(),
            "a red fox in the snow");

    assertEquals(0, listed.status(), listed.err());
    assertTrue(listed.out().contains("Acme image generation API"), listed.out());
    assertEquals(0, generated.status(), generated.err());
    assertTrue(
        generated.err().contains("not configured for real use: acme (set ACME_API_KEY)"),
        generated.err());
    JsonNode summary = JSON.readTree(generated.out());
    assertTrue(summary.path("simulated").asBoolean(), generated.out());
    assertEquals(2, summary.path("images").size(), generated.out());
    for (JsonNode image : summary.path("images")) {
      byte[] bytes = Files.readAllBytes(Path.of(image.path("path").asText()));
      assertEquals("image/png", ImageProbe.mediaType(bytes));
      // 1000x700 adapted to the catalog's multiple of 16, drawn at that size by the simulator.
      assertEquals(1008, ImageProbe.size(bytes).width(), generated.out());
      assertEquals(704, ImageProbe.size(bytes).height(), generated.out());
      assertEquals(42, image.path("seed").asLong(), generated.out());
    }
  }
}
