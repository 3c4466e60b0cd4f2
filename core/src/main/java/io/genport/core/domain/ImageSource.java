package io.genport.core.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where an image's bytes are: in memory, in a file (an image store that writes images to a
 * directory as they arrive), or fetched on demand. Implementations must be thread-safe; {@link
 * #open()} may be called more than once.
 *
 * <p>To hand an image on without holding it whole, stream it: {@link #writeTo(Path)} to a file,
 * {@link #transferTo(OutputStream)} or {@link #transferTo(WritableByteChannel)} to a caller's
 * stream or channel; each copies through a small buffer, so memory stays constant whatever the
 * image's size. {@link #readAllBytes()} is the one that builds an array of the whole image.
 */
@FunctionalInterface
public interface ImageSource {

  /** A fresh stream over the encoded image; the caller closes it. */
  InputStream open() throws IOException;

  /** All bytes, read into memory. */
  default byte[] readAllBytes() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read image", e);
    }
  }

  /**
   * Writes the image to {@code target}, replacing what is there, streaming it through a small
   * buffer (a file-backed source copies file to file).
   */
  default void writeTo(Path target) throws IOException {
    try (InputStream in = open()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Streams the image to {@code out} through a small buffer; {@code out} is left open.
   *
   * @return the number of bytes written
   */
  default long transferTo(OutputStream out) throws IOException {
    try (InputStream in = open()) {
      return in.transferTo(out);
    }
  }

  /**
   * Streams the image to {@code channel} through a small buffer; {@code channel} is left open.
   *
   * @return the number of bytes written
   */
  default long transferTo(WritableByteChannel channel) throws IOException {
    OutputStream view = Channels.newOutputStream(channel);
    try (InputStream in = open()) {
      // Not closed: closing the view would close the caller's channel.
      long n = in.transferTo(view);
      view.flush();
      return n;
    }
  }

  /**
   * The file holding the image when the source is one (an image store writing to a directory), so a
   * caller can move or link it instead of copying; empty for images in memory or elsewhere.
   */
  default Optional<Path> file() {
    return Optional.empty();
  }

  /**
   * The image's length in bytes, or {@code -1} when the source does not know it without reading.
   */
  default long size() {
    return -1;
  }

  /** An in-memory source over a private copy of {@code bytes}. */
  static ImageSource of(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new ImageSource() {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }

      @Override
      public byte[] readAllBytes() {
        return copy.clone();
      }

      @Override
      public long size() {
        return copy.length;
      }

      @Override
      public String toString() {
        return copy.length + " bytes";
      }
    };
  }
}
