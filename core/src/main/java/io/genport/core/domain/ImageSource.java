package io.genport.core.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Where an image's bytes come from: already in memory, or fetched on demand. Implementations must
 * be thread-safe; {@link #open()} may be called more than once.
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
      public String toString() {
        return copy.length + " bytes";
      }
    };
  }
}
