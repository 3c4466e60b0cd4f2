package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes a batch's images into a directory as {@code <id>-<n>.<ext>}: the bytes go to a hidden
 * {@code .part} file that is moved into place only when complete, replacing what an interrupted run
 * may have left under that name, so a resumed line ends with exactly its images and never a
 * half-written one.
 */
public final class DirectoryImageStore implements ImageStore {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path directory;

  private DirectoryImageStore(Path directory) {
    this.directory = directory;
  }

  /**
   * Checks that {@code directory} is, or can be made, a writable directory (creating it), before
   * anything is sent: images a vendor has billed must have somewhere to go.
   *
   * @throws InvalidRequestException with field {@code out} when it is not
   */
  public static DirectoryImageStore open(Path directory) {
    requireNonNull(directory, "directory is null");
    checkWritableDirectory(directory, "out");
    return new DirectoryImageStore(directory);
  }

  /**
   * Creates {@code directory} if needed and proves it writable by creating and deleting a file.
   *
   * @throws InvalidRequestException naming {@code field} when it is a file, cannot be created, or
   *     cannot be written
   */
  public static void checkWritableDirectory(Path directory, String field) {
    for (Path p = directory.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new InvalidRequestException(
              field,
              directory
                  + " is not a directory"
                  + (p.equals(directory.toAbsolutePath()) ? "" : ": " + p + " is a file"));
        }
        break;
      }
    }
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw new InvalidRequestException(
          field, directory + " is not a directory (a file of that name, or on its path, exists)");
    } catch (AccessDeniedException e) {
      throw new InvalidRequestException(
          field, directory + " cannot be created: permission denied on " + e.getFile());
    } catch (IOException e) {
      throw new InvalidRequestException(field, directory + " cannot be created: " + e);
    }
    Path probe =
        directory.resolve(".genport-write-check-" + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW).close();
    } catch (IOException e) {
      throw new InvalidRequestException(
          field,
          directory
              + " is not writable"
              + (e instanceof AccessDeniedException ? " (permission denied)" : ": " + e));
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // A probe we could create but not delete is harmless; the write check itself passed.
      }
    }
  }

  /** The directory. */
  public Path directory() {
    return directory;
  }

  @Override
  public String store(String id, int index, GeneratedImage image) throws IOException {
    if (!SAFE.matcher(id).matches()) {
      throw new IllegalArgumentException("unsafe id for a file name: " + id);
    }
    if (index < 1) {
      throw new IllegalArgumentException("index starts at 1, was " + index);
    }
    String name = id + "-" + index + "." + extension(image.mediaType());
    Path target = directory.resolve(name);
    Path part =
        directory.resolve(
            "." + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    try {
      java.util.Optional<Path> received = image.source().file();
      if (received.isPresent()) {
        // Received as a file in this directory (the batch places the image store here): a rename.
        try {
          Files.move(received.get(), part, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(received.get(), part);
        }
      } else {
        try (InputStream in = image.source().open();
            OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
          in.transferTo(out);
        }
      }
      try {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target.toString();
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * The file extension for a media type ({@code jpg}, {@code webp}, {@code gif}, else {@code png});
   * shared by the stores that name images the same way.
   */
  public static String extension(String mediaType) {
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

  @Override
  public String toString() {
    return "DirectoryImageStore[" + directory + "]";
  }
}
