package io.genport.bootstrap.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryImageStoreTest {
  @TempDir Path dir;

  private static GeneratedImage image(String text, String mediaType) {
    return new GeneratedImage(
        ImageSource.of(text.getBytes(StandardCharsets.UTF_8)), mediaType, 8, 8, null, false);
  }

  @Test
  void aLineFinishedAgainReplacesItsImagesInsteadOfAddingCopies() throws IOException {
    DirectoryImageStore store = DirectoryImageStore.open(dir.resolve("out"));

    store.store("fox", 1, image("first run", "image/jpeg"));
    String path = store.store("fox", 1, image("second run", "image/jpeg"));

    assertEquals(dir.resolve("out").resolve("fox-1.jpg").toString(), path);
    assertEquals("second run", Files.readString(Path.of(path)));
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertEquals(
          List.of("fox-1.jpg"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toList()),
          "no .part file or probe left behind");
    }
  }

  @Test
  void anOutputThatIsAFileIsRefusedNamingTheField() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "x");

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> DirectoryImageStore.open(file));
    assertEquals("out", e.field());
    InvalidRequestException under =
        assertThrows(
            InvalidRequestException.class, () -> DirectoryImageStore.open(file.resolve("sub")));
    assertEquals("out", under.field());
    assertTrue(under.getMessage().contains("not a directory"), under.getMessage());
  }
}
