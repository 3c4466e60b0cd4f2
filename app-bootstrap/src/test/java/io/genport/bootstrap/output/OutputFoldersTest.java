package io.genport.bootstrap.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFoldersTest {
  @TempDir Path dir;

  private static GeneratedImage image(String text) {
    return new GeneratedImage(ImageSource.of(text.getBytes()), "image/png", 1, 1, 1L, false);
  }

  @Test
  void aFolderToBeCreatedPassesAndIsNotCreatedByTheCheck() {
    Path out = dir.resolve("a/b/c");
    OutputDirectory.check(out, "out");
    assertFalse(Files.exists(dir.resolve("a")), "only checked");
    try (Stream<Path> left = listing(dir)) {
      assertEquals(0, left.count(), "the probe file is gone");
    }
  }

  @Test
  void aFileOnTheWayIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> OutputDirectory.check(file.resolve("x/y"), "out"));
    assertEquals("out", e.field());
    assertTrue(e.getMessage().contains("'" + file + "' is a file"), e.getMessage());
  }

  @Test
  void theSaverMovesToTheFallbackWhenTheFolderFailsAndStaysThere() throws IOException {
    Path out = Files.writeString(dir.resolve("out"), "taken");
    Path spare = Files.createDirectory(dir.resolve("spare"));
    ImageSaver saver = new ImageSaver(out, spare);

    Path first = saver.save("one", image("1"));
    Path second = saver.save("two", image("2"));

    assertEquals(saver.fallback(), first.getParent());
    assertEquals(saver.fallback(), second.getParent());
    assertEquals(spare, saver.fallback().getParent());
    assertEquals("1", Files.readString(first));
    assertTrue(saver.failure() != null);
  }

  @Test
  void whenTheFallbackFailsTooTheSaveFails() throws IOException {
    Path out = Files.writeString(dir.resolve("out"), "taken");
    Path noFolder = Files.writeString(dir.resolve("spare"), "a file");
    ImageSaver saver = new ImageSaver(out, noFolder);
    assertThrows(IOException.class, () -> saver.save("one", image("1")));
  }

  /** An image received into a store in the output folder becomes the output by a rename. */
  @Test
  void anImageReceivedAsAFileIsRenamedIntoPlaceNotCopied() throws IOException {
    Path out = dir.resolve("out");
    io.genport.spi.download.ImageWriter w =
        io.genport.spi.download.ImageStore.directory(out).newImage(-1);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
    w.write(png, 0, png.length);
    ImageSource received = w.complete();
    Path file = received.file().orElseThrow();
    Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

    Path saved =
        new ImageSaver(out, dir)
            .save("one", new GeneratedImage(received, "image/png", 1, 1, 1L, false));

    assertEquals(out.resolve("one.png"), saved);
    assertArrayEquals(png, Files.readAllBytes(saved));
    assertEquals(inode, Files.readAttributes(saved, BasicFileAttributes.class).fileKey());
    try (Stream<Path> left = listing(out)) {
      assertEquals(java.util.List.of(saved), left.toList(), "the received file is gone");
    }
  }

  @Test
  void aWorkingFolderIsUsedAndNoFallbackMade() throws IOException {
    ImageSaver saver = new ImageSaver(dir.resolve("out"), dir);
    Path p = saver.save("one", image("1"));
    assertEquals(dir.resolve("out"), p.getParent());
    assertEquals(null, saver.fallback());
  }

  private static Stream<Path> listing(Path d) {
    try {
      return Files.list(d);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
