package io.genport.bootstrap.output;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GeneratedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes result images into a directory, atomically and under names we make: the bytes go to a
 * hidden {@code .part} file created with {@code CREATE_NEW}, which is moved into place only when
 * complete, so a crash or interrupt never leaves a half-written image under a real name, and no
 * vendor-supplied name ever reaches the file system.
 */
public final class ImageFileWriter {
  private final Path directory;

  /** Creates the directory if needed. */
  public ImageFileWriter(Path directory) throws IOException {
    this.directory = requireNonNull(directory, "directory is null");
    Files.createDirectories(directory);
  }

  /**
   * Writes {@code image} as {@code <stem>.<ext>} (or {@code <stem>-2.<ext>}, ... when taken). An
   * image received as a file ({@code image.source().file()}) is moved there, not copied: the file
   * is the command's own, received into its output directory.
   *
   * @param stem a name stem made of safe characters; anything else is replaced by {@code -}
   * @return the path written
   */
  public Path write(String stem, GeneratedImage image) throws IOException {
    String safe = stem.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.-]+", "");
    String ext = extension(image.mediaType());
    // Not Files.createTempFile: that makes the file owner-only, and these are user outputs.
    Path part =
        directory.resolve(
            "."
                + safe
                + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong())
                + ".part");
    Optional<Path> received = image.source().file();
    try {
      if (received.isPresent()) {
        // Received as a file (the image store is in this directory): the file itself becomes the
        // output, a rename rather than a copy, and the image is never read here.
        try {
          Files.move(received.get(), part, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          // Another file system (the fallback folder): moving copies, once.
          Files.move(received.get(), part);
        }
      } else {
        try (InputStream in = image.source().open();
            OutputStream out =
                Files.newOutputStream(
                    part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          in.transferTo(out);
        }
      }
      for (int n = 1; ; n++) {
        Path target = directory.resolve(safe + (n == 1 ? "" : "-" + n) + "." + ext);
        try {
          moveNoReplace(part, target);
          return target;
        } catch (FileAlreadyExistsException taken) {
          if (n > 10_000) {
            throw taken;
          }
        }
      }
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static void moveNoReplace(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      throw new FileAlreadyExistsException(to.toString());
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** The file extension for a media type. */
  static String extension(String mediaType) {
    switch (mediaType.toLowerCase(Locale.ROOT)) {
      case "image/jpeg":
        return "jpg";
      case "image/webp":
        return "webp";
      case "image/gif":
        return "gif";
      default:
        return "png";
    }
  }
}
