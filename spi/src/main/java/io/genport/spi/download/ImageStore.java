package io.genport.spi.download;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a provider puts the images it receives, written as their bytes arrive from the socket so
 * that no image is assembled whole in memory on the way: {@linkplain #memory() in memory} (the
 * default) or {@linkplain #directory(Path) as files} in a directory, which keeps a download's
 * memory constant whatever the image's size.
 *
 * <p>A provider starts one {@link ImageWriter} per image, writes the bytes to it in order and
 * completes it; a writer closed before it completed (a failed or refused download) leaves nothing
 * behind. Implementations are thread-safe; each writer is used by one thread at a time.
 *
 * @since 1
 */
public interface ImageStore {

  /**
   * Starts an image.
   *
   * @param expectedBytes the length the vendor declared, or {@code -1} when unknown; a hint for
   *     sizing, never trusted as a limit (the caller enforces its own)
   * @throws IOException when the store cannot take an image (e.g. its directory is not writable)
   */
  ImageWriter newImage(long expectedBytes) throws IOException;

  /**
   * Images held in memory: one array of exactly the declared length when the vendor declares one,
   * otherwise a list of chunks that is never copied into one array (the image's {@code open()}
   * reads them in sequence).
   */
  static ImageStore memory() {
    return MemoryImageStore.INSTANCE;
  }

  /**
   * Images written as files in {@code directory} (created when missing): each is written under a
   * hidden {@code .part} name and renamed to {@code genport-<random>.<ext>} when complete, so a
   * reader never sees half an image. The files are the caller's to keep, move or delete; GenPort
   * deletes only the partial files of images it discards.
   */
  static ImageStore directory(Path directory) {
    return new DirectoryImageStore(directory);
  }
}
