package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use it as a library" example, exactly as the README shows it: extracted from
 * README.md, compiled against this module's class path and run as its own program, whose
 * environment points fal and Replicate at loopback simulators. If the README's code stops compiling
 * or working, this fails.
 */
class ReadmeExampleTest {
  private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");
  private static final String MARKER = "<!-- library-example";

  /** The first java code block after the marker. */
  static String example() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int marker = readme.indexOf(MARKER);
    assertTrue(marker >= 0, "README.md lost the marker " + MARKER);
    int start = readme.indexOf("```java\n", marker);
    int end = readme.indexOf("\n```", start + 8);
    assertTrue(start > 0 && end > start, "no java block after the marker");
    return readme.substring(start + 8, end + 1);
  }

  @Test
  void theReadmeExampleCompilesAndGeneratesAgainstTheSimulators(@TempDir Path dir)
      throws Exception {
    String source = example();
    assertTrue(source.contains("GenPort.builder()"), source);
    Path src = dir.resolve("src/FoxExample.java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    String classPath = System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            classPath,
            "--release",
            "17",
            src.toString());
    assertEquals(0, compiled, "the README example does not compile");

    Path work = Files.createDirectories(dir.resolve("work"));
    try (Simulated sims = new Simulated("fal", "replicate")) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  classes + File.pathSeparator + classPath,
                  "FoxExample")
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("output.txt").toFile());
      Map<String, String> env = pb.environment();
      // Only the simulators: nothing of the developer's own configuration or credentials.
      env.keySet()
          .removeIf(
              k ->
                  k.startsWith("GENPORT_")
                      || k.startsWith("AWS_")
                      || k.endsWith("_KEY")
                      || k.endsWith("_TOKEN"));
      env.putAll(sims.environment);
      Process p = pb.start();
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      String output = Files.readString(dir.resolve("output.txt"));
      if (!done) {
        p.destroyForcibly();
      }
      assertTrue(done, "the example did not finish: " + output);
      assertEquals(0, p.exitValue(), output);
    }
    List<Path> written;
    try (Stream<Path> files = Files.list(work)) {
      written = files.toList();
    }
    assertEquals(1, written.size(), written.toString());
    Path image = written.get(0);
    assertTrue(image.getFileName().toString().startsWith("fox."), image.toString());
    byte[] bytes = Files.readAllBytes(image);
    boolean png = bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    boolean jpeg = bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
    boolean webp =
        bytes.length > 12 && new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
    assertTrue(png || jpeg || webp, "not an image: " + image);
  }
}
