package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.GenerationResult;
import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.config.GenportConfig;
import io.genport.spi.download.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where providers write received images: {@code GENPORT_IMAGE_DIR}, {@code genport.yaml}'s {@code
 * images.directory} and {@code GenPort.Builder#imageStore} reach the providers (against the fal
 * simulator, whose results are downloaded from a URL).
 */
class ImageStoreWiringTest {
  private static Simulated sims;
  @TempDir Path dir;

  @BeforeAll
  static void startSimulators() {
    sims = new Simulated("fal");
  }

  @AfterAll
  static void stopSimulators() {
    sims.close();
  }

  private static GenerationResult generate(GenPort.Builder builder) {
    try (GenPort port = builder.route("fal:flux-2").build()) {
      return port.generate(GenerationRequest.builder("a red fox in the snow").build());
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** The image is a finished file in {@code dir}, holding exactly the image's bytes. */
  private static void assertImageFileIn(Path dir, GeneratedImage image) throws IOException {
    Path file = image.source().file().orElseThrow(() -> new AssertionError("not a file"));
    assertEquals(dir.toAbsolutePath(), file.getParent());
    assertEquals(List.of(file), files(dir), "one finished image, no partial file");
    assertEquals(image.source().size(), Files.size(file));
    assertTrue(file.getFileName().toString().startsWith("genport-"), file.toString());
  }

  @Test
  void theVariableWritesImagesAsFilesInItsDirectory() throws IOException {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put(ConfigurationKeys.IMAGE_DIR_VARIABLE, dir.resolve("images").toString());

    GenerationResult r = generate(GenPort.builder().environment(env));

    assertEquals(1, r.images().size());
    assertImageFileIn(dir.resolve("images"), r.images().get(0));
  }

  @Test
  void theBuildersStoreWinsOverTheVariable() throws IOException {
    Map<String, String> env = new HashMap<>(sims.environment);
    env.put(ConfigurationKeys.IMAGE_DIR_VARIABLE, dir.resolve("ignored").toString());

    GenerationResult r =
        generate(
            GenPort.builder()
                .environment(env)
                .imageStore(ImageStore.directory(dir.resolve("chosen"))));

    assertImageFileIn(dir.resolve("chosen"), r.images().get(0));
    assertTrue(Files.notExists(dir.resolve("ignored")));
  }

  @Test
  void withoutADirectoryImagesStayInMemory() {
    GenerationResult r = generate(GenPort.builder().environment(sims.environment));

    assertEquals(Optional.empty(), r.images().get(0).source().file());
  }

  @Test
  void genportYamlNamesTheDirectoryRelativeToItsFolder() throws IOException {
    Path yaml = dir.resolve("genport.yaml");
    Files.writeString(yaml, "images:\n  directory: out/images\n");
    GenportConfig c = GenportConfig.load(yaml);
    Path expected = dir.toAbsolutePath().resolve("out/images");
    assertEquals(expected, c.imageDirectory());
    assertEquals(expected.toString(), c.environment().get(ConfigurationKeys.IMAGE_DIR_VARIABLE));

    GenerationResult r = generate(GenPort.builder().environment(sims.environment).config(yaml));

    assertImageFileIn(expected, r.images().get(0));
  }

  @Test
  void aBlankOrUnknownImagesKeyNamesItsYamlPath() {
    InvalidRequestException blank =
        assertThrows(
            InvalidRequestException.class,
            () -> GenportConfig.parse("images:\n  directory: ' '\n", null));
    assertTrue(blank.getMessage().contains("images.directory"), blank.getMessage());
    InvalidRequestException unknown =
        assertThrows(
            InvalidRequestException.class, () -> GenportConfig.parse("images:\n  dir: x\n", null));
    assertTrue(unknown.getMessage().contains("images"), unknown.getMessage());
  }

  @Test
  void anInvalidPathNamesTheVariable() {
    EnvironmentConfiguration c =
        new EnvironmentConfiguration(Map.of(ConfigurationKeys.IMAGE_DIR_VARIABLE, "a\0b"));
    InvalidRequestException e = assertThrows(InvalidRequestException.class, c::imageStore);
    assertTrue(e.getMessage().contains("GENPORT_IMAGE_DIR"), e.getMessage());
  }
}
