package io.genport.bootstrap.output;

import static java.util.Objects.requireNonNull;

import io.genport.core.domain.GeneratedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves the images of a result, and never loses one it can keep: when the output folder fails
 * (removed, replaced by a file, full, read-only since it was checked), the image being written and
 * every one after it go to a fresh fallback folder instead.
 */
public final class ImageSaver {
  private final Path directory;
  private final Path fallbackParent;
  private ImageFileWriter writer;
  private ImageFileWriter fallbackWriter;
  private Path fallback;
  private IOException failure;

  /**
   * @param directory where the images are asked for
   * @param fallbackParent where a fallback folder is created when {@code directory} fails, e.g. the
   *     system's temporary directory
   */
  public ImageSaver(Path directory, Path fallbackParent) {
    this.directory = requireNonNull(directory, "directory is null");
    this.fallbackParent = requireNonNull(fallbackParent, "fallbackParent is null");
  }

  /** Over the system's temporary directory as the fallback's parent. */
  public static ImageSaver to(Path directory) {
    return new ImageSaver(directory, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Writes {@code image} as {@code stem.<ext>} in the output folder, or in the fallback folder once
   * the output folder failed.
   *
   * @return the path written
   * @throws IOException when the fallback folder failed too; the image is then not saved
   */
  public Path save(String stem, GeneratedImage image) throws IOException {
    if (fallback == null) {
      try {
        if (writer == null) {
          writer = new ImageFileWriter(directory);
        }
        return writer.write(stem, image);
      } catch (IOException e) {
        failure = e;
        fallback = Files.createTempDirectory(fallbackParent, "genport-unsaved-");
        fallbackWriter = new ImageFileWriter(fallback);
      }
    }
    return fallbackWriter.write(stem, image);
  }

  /** The fallback folder, or {@code null} while the output folder works. */
  public Path fallback() {
    return fallback;
  }

  /** Why the output folder failed, or {@code null}. */
  public IOException failure() {
    return failure;
  }
}
